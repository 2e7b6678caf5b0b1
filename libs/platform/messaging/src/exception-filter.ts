// Nest's default RPC exception filter replaces any non-RpcException error with
// "Internal server error" before the transport sees it, so dead letters would not
// say what went wrong. This filter hands the original error to the transport, which
// logs it and records it as the retry or dead-letter reason.
import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/** Passes handler errors through unchanged; install with `app.useGlobalFilters(...)`. */
@Catch()
export class JetStreamExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

import { RpcException } from '@nestjs/microservices';
import { ack, describeError, PoisonMessageError, reject, resultFromError, resultFromReturn, retry, RetryableError } from './handler-result.js';

describe('handler results', () => {
  it('treats a plain return value as ack and passes results through', () => {
    expect(resultFromReturn(undefined)).toEqual({ kind: 'ack' });
    expect(resultFromReturn({ some: 'value' })).toEqual({ kind: 'ack' });
    expect(resultFromReturn(ack())).toEqual({ kind: 'ack' });
    expect(resultFromReturn(retry('later', 250))).toEqual({ kind: 'retry', reason: 'later', delayMs: 250 });
    expect(resultFromReturn(reject('never'))).toEqual({ kind: 'reject', reason: 'never' });
  });

  it('maps the typed errors, also after Nest turned them into their RPC payload', () => {
    const poison = new PoisonMessageError('bad release');
    const transient = new RetryableError('pg down', 5_000);
    expect(resultFromError(poison)).toEqual({ kind: 'reject', reason: 'bad release' });
    expect(resultFromError(poison.getError())).toEqual({ kind: 'reject', reason: 'bad release' });
    expect(resultFromError(transient.getError())).toEqual({ kind: 'retry', reason: 'pg down', delayMs: 5_000 });
  });

  it('retries anything else, describing it', () => {
    expect(resultFromError(new TypeError('x is undefined'))).toEqual({ kind: 'retry', reason: 'TypeError: x is undefined', delayMs: undefined });
    expect(resultFromError({ status: 'error', message: 'Internal server error' })).toMatchObject({ kind: 'retry', reason: 'Internal server error' });
    expect(resultFromError(new RpcException('plain rpc'))).toMatchObject({ kind: 'retry', reason: 'plain rpc' });
    expect(describeError(42)).toBe('42');
  });
});

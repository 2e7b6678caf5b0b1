// What a consumer handler tells the transport. Expected cases are returned, not
// thrown (a retryable downstream outage, a poison message); anything thrown that
// is not one of the errors below is treated as transient and retried.
import { RpcException } from '@nestjs/microservices';

/** Acknowledge: the message's effect is durable. */
export interface AckResult { readonly kind: 'ack' }
/** Negative-acknowledge: redeliver after `delayMs` (default: the back-off schedule). */
export interface RetryResult { readonly kind: 'retry'; readonly delayMs?: number; readonly reason: string }
/** Terminate: never redeliver; the message is copied to the DLQ with `reason`. */
export interface RejectResult { readonly kind: 'reject'; readonly reason: string }
/** The outcome of handling one message. */
export type HandlerResult = AckResult | RetryResult | RejectResult;

const ACK: AckResult = Object.freeze({ kind: 'ack' });

/** Acknowledge the message. */
export function ack(): AckResult {
  return ACK;
}

/** Redeliver the message later (after `delayMs`, or per the back-off schedule). */
export function retry(reason: string, delayMs?: number): RetryResult {
  return { kind: 'retry', reason, delayMs };
}

/** Give up on the message now and dead-letter it. */
export function reject(reason: string): RejectResult {
  return { kind: 'reject', reason };
}

/** Marker carried by the errors below through Nest's RPC exception filters. */
interface OutcomeCarrier { faultlineOutcome: RetryResult | RejectResult }

/** Thrown from deep inside a handler: the message can never succeed. */
export class PoisonMessageError extends RpcException {
  constructor(reason: string) {
    super({ faultlineOutcome: reject(reason), message: reason } satisfies OutcomeCarrier & { message: string });
    this.name = 'PoisonMessageError';
  }
}

/** Thrown from deep inside a handler: try again after `delayMs` (or the back-off). */
export class RetryableError extends RpcException {
  constructor(reason: string, delayMs?: number) {
    super({ faultlineOutcome: retry(reason, delayMs), message: reason } satisfies OutcomeCarrier & { message: string });
    this.name = 'RetryableError';
  }
}

function isHandlerResult(value: unknown): value is HandlerResult {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'ack' || kind === 'retry' || kind === 'reject';
}

/** Turns whatever a handler returned into a result: nothing (or any value) means ack. */
export function resultFromReturn(value: unknown): HandlerResult {
  return isHandlerResult(value) ? value : ACK;
}

/**
 * Turns what a handler threw into a result. Nest's RPC exception filter hands us
 * `RpcException.getError()` for RpcExceptions and `{status:'error', message}` for
 * anything else, so both shapes are read here.
 */
export function resultFromError(error: unknown): RetryResult | RejectResult {
  const payload = error instanceof RpcException ? error.getError() : error;
  if (typeof payload === 'object' && payload !== null && 'faultlineOutcome' in payload) {
    return (payload as OutcomeCarrier).faultlineOutcome;
  }
  return retry(describeError(payload));
}

/** One line describing an error value, for logs and dead letters. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

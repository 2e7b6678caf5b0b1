// Publishes to JetStream with many PubAcks outstanding at low cost: one inbox
// subscription receives every PubAck and resolves the matching promise (the pattern of
// the Go client's PublishAsync). The library's `js.publish` makes one request per
// message, which halves throughput on a 2-core machine (see docs/PERFORMANCE.md).
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/nats-core';

/** The server's answer to one publish. */
export interface PubAck {
  stream: string;
  seq: number;
  duplicate: boolean;
}

interface Pending {
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
  deadline: number;
}

/** Sends publishes with a reply subject and matches the PubAcks that come back. */
export class PubAckMux {
  private readonly inbox: string;
  private readonly sub: Subscription;
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  private readonly sweeper: NodeJS.Timeout;
  /** Publishes waiting for the end of this event-loop turn. */
  private queued: { subject: string; data: string | Uint8Array; reply: string; headers: MsgHdrs; id: string }[] = [];
  private flushScheduled = false;

  constructor(private readonly nc: NatsConnection) {
    this.inbox = createInbox();
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => this.onReply(error, msg) });
    // One timer checks every deadline, instead of a timer per publish.
    this.sweeper = setInterval(() => this.expire(), 100);
    this.sweeper.unref();
  }

  /**
   * Publishes `data` to `subject`; resolves with the PubAck or rejects on error or timeout.
   * Publishes made during one event-loop turn (for example by many HTTP requests read
   * from the network together) go out at its end in one socket write: the client only
   * coalesces what is published within a single microtask burst.
   */
  publish(subject: string, data: string | Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<PubAck> {
    const id = (this.next++).toString(36);
    return new Promise<PubAck>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: Date.now() + timeoutMs });
      this.queued.push({ subject, data, reply: `${this.inbox}.${id}`, headers, id });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queued;
    this.queued = [];
    for (const p of batch) {
      try {
        this.nc.publish(p.subject, p.data, { reply: p.reply, headers: p.headers });
      } catch (error) {
        const waiting = this.pending.get(p.id);
        this.pending.delete(p.id);
        waiting?.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** Rejects everything still waiting and stops listening. */
  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('publisher closed before the PubAck arrived'));
    }
  }

  private onReply(error: Error | null, msg: Msg): void {
    const id = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.pending.get(id);
    if (!waiting) return; // Timed out already: the caller was told it failed.
    this.pending.delete(id);
    if (error) return waiting.reject(error);
    const status = msg.headers?.code ?? 0;
    if (status === 503) return waiting.reject(new Error('no stream stores this subject (no responders)'));
    if (status >= 400) return waiting.reject(new Error(`server answered ${status} ${msg.headers?.description ?? ''}`.trim()));
    try {
      const body = msg.json<{ stream?: string; seq?: number; duplicate?: boolean; error?: { code: number; description: string } }>();
      if (body.error) return waiting.reject(new Error(`${body.error.description} (${body.error.code})`));
      waiting.resolve({ stream: body.stream ?? '', seq: body.seq ?? 0, duplicate: body.duplicate === true });
    } catch (parseError) {
      waiting.reject(new Error(`unreadable PubAck: ${(parseError as Error).message}`));
    }
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (p.deadline <= now) {
        this.pending.delete(id);
        p.reject(new Error('timed out waiting for the PubAck'));
      }
    }
  }
}

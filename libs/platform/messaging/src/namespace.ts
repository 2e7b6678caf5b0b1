// A namespace isolates one deployment's (or one test run's) streams and subjects
// from another's on the same NATS server. Production uses the empty namespace, so
// subjects are exactly the ones in the contracts (`events.ingested.42`) and
// `nats sub 'events.enriched.>'` works as documented.

const PREFIX_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Maps logical stream names and subjects to the names used on the server. */
export class Namespace {
  constructor(readonly prefix = '') {
    if (prefix !== '' && !PREFIX_PATTERN.test(prefix)) {
      throw new Error(`NATS stream prefix "${prefix}" is invalid: use letters, digits, '_' and '-'`);
    }
  }

  /** Server-side name of the logical stream `name`. */
  stream(name: string): string {
    return this.prefix ? `${this.prefix}_${name}` : name;
  }

  /** Server-side subject of the logical subject (or subject pattern) `subject`. */
  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  /** Logical subject of a server-side subject; the inverse of `subject()`. */
  logicalSubject(serverSubject: string): string {
    const head = `${this.prefix}.`;
    return this.prefix && serverSubject.startsWith(head) ? serverSubject.slice(head.length) : serverSubject;
  }
}

// The contract between the health endpoint and the libraries that own connections:
// messaging provides a NATS check, persistence a PostgreSQL check, and so on, so this
// library never imports a client.

/** A dependency the service needs before it can take traffic; `check` throws (or rejects) when it is not ready. */
export interface ReadinessCheck {
  /** Key of the check in the /readyz body and label of its gauge, e.g. "nats". */
  name: string;
  check(): Promise<void>;
}

/** Turns any async probe (a ping, a `SELECT 1`) into a ReadinessCheck; what it resolves to is ignored. */
export function readinessCheck(name: string, fn: () => Promise<unknown>): ReadinessCheck {
  return {
    name,
    async check() {
      await fn();
    },
  };
}

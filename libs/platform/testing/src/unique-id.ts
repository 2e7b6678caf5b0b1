import { randomBytes } from 'node:crypto';

const PREFIX = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Returns `<prefix>_<10 random characters>`, unique across parallel test files.
 *
 * Only lower-case letters, digits and `_` appear after the prefix, so the result is a
 * valid NATS stream or consumer name and an unquoted PostgreSQL identifier (which
 * PostgreSQL would otherwise fold to lower case). Keep the prefix lower-case for the
 * same reason.
 */
export function uniqueId(prefix = 't'): string {
  if (!PREFIX.test(prefix)) {
    throw new Error(`uniqueId prefix must match ${PREFIX}: got "${prefix}"`);
  }
  // 10 base-36 characters from 8 random bytes: about 51 bits, plenty for a test run.
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(10, '0').slice(-10);
  return `${prefix}_${random}`;
}

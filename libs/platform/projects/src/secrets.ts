// Generation and hashing of the secrets the store hands out.
import { createHash, randomBytes } from 'node:crypto';

/** Prefix of every Faultline API token, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = 'flt_';

/** Returns a new public key: 32 lower-case hex characters (128 random bits), as Sentry's. */
export function generatePublicKey(): string {
  return randomBytes(16).toString('hex');
}

/** Returns a new API token: `flt_` and 43 base64url characters (256 random bits). */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 (hex) of a token, the only form in which tokens are stored. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

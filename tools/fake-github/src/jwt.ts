// Verification of the GitHub App JWT (RS256) the way GitHub does it: signature by the app's
// key, `iss` = app id, `exp` in the future and at most 10 minutes after `iat`.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Why a JWT was refused; `undefined` from {@link verifyAppJwt} means it is valid. */
export type JwtProblem = string;

const b64url = (s: string) => Buffer.from(s, 'base64url');

/** Checks an app JWT; returns a problem description or undefined when valid. */
export function verifyAppJwt(token: string, publicKey: string | KeyObject, appId: number | string, nowMs = Date.now()): JwtProblem | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(b64url(h).toString('utf8'));
    payload = JSON.parse(b64url(p).toString('utf8'));
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return `'alg' must be RS256 (got ${String(header.alg)})`;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, b64url(s))) return 'A JSON web token could not be decoded';
  const now = Math.floor(nowMs / 1000);
  if (String(payload.iss) !== String(appId)) return "'Issuer' claim ('iss') must match the app id";
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') return "'iat' and 'exp' claims are required";
  if (payload.iat > now + 60) return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  if (payload.exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (payload.exp - payload.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}

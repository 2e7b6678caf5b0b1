// Deciding which variables hold secrets, so that an error message about a bad value
// can show what was received without printing a password into a deploy log.

/** Text that stands in for a secret value in error messages. */
export const REDACTED = '[redacted]';

// Longer values are cut: a misplaced PEM key or a JSON blob would otherwise drown the
// list of problems, and the first characters are enough to recognise a value.
const MAX_SHOWN_LENGTH = 80;

const SECRET_WORDS = /SECRET|PASSWORD|PASSWD|TOKEN|KEY|DSN|CREDENTIAL|AUTH/;
// A *_FILE or *_PATH variable names where a secret lives, not the secret itself, and
// the path is exactly what an operator needs to see when it is wrong.
const LOCATION_SUFFIX = /_(FILE|PATH|DIR)$/;

/** Tells whether an environment variable name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_WORDS.test(upper) && !LOCATION_SUFFIX.test(upper);
}

/** Returns the received value as it may be shown in an error message. */
export function displayValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (isSecretName(name)) return REDACTED;
  const shown = hideUrlPassword(value);
  return shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH)}…` : shown;
}

// Connection URLs such as DATABASE_URL carry a password in their user info even though
// the variable name does not say so.
function hideUrlPassword(value: string): string {
  if (!value.includes('://') || !value.includes('@')) return value;
  try {
    const url = new URL(value);
    if (url.password === '') return value;
    url.password = REDACTED;
    return url.toString();
  } catch {
    return value.replace(/\/\/([^:/@]*):[^@/]*@/, `//$1:${REDACTED}@`);
  }
}

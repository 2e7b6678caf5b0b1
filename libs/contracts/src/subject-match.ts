// NATS subject wildcard semantics, used to check that streams and consumers cover the subjects they
// are meant to see: `*` matches one token, `>` one or more trailing tokens.

/** True when the subject pattern `pattern` matches every subject that `subject` (itself possibly a pattern) matches. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const outer = pattern.split('.');
  const inner = subject.split('.');
  for (let i = 0; i < outer.length; i++) {
    if (outer[i] === '>') return inner.length > i;
    if (i >= inner.length || inner[i] === '>') return false;
    if (outer[i] !== '*' && outer[i] !== inner[i]) return false;
  }
  return outer.length === inner.length;
}

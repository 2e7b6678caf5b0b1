// Concrete subjects are built here and nowhere else, so that a project id or receiver name can never
// smuggle a "." or a wildcard into a subject and land on someone else's consumer.
import { SUBJECTS } from './gen/registry.js';
import type { SubjectKey } from './gen/registry.js';

/** One string per placeholder of a subject family's concrete subject (e.g. [project_id] for eventsIngested). */
export type SubjectTokens<K extends SubjectKey> = AsStrings<(typeof SUBJECTS)[K]['tokens']>;

// A homomorphic mapping over a type parameter keeps tuples as tuples, so the token count is checked.
type AsStrings<T extends readonly string[]> = { readonly [I in keyof T]: string };

// NATS tokens may hold any printable character except ".", the wildcards and whitespace.
const INVALID_TOKEN = /[.*>\s\p{Cc}]/u;

/** Builds a concrete subject: subjectFor('eventsIngested', '42') → "events.ingested.42". */
export function subjectFor<K extends SubjectKey>(key: K, ...tokens: SubjectTokens<K>): string {
  const family = SUBJECTS[key];
  if (!family) throw new Error(`unknown subject key "${String(key)}"`);
  const values: readonly string[] = tokens;
  if (values.length !== family.tokens.length) {
    throw new Error(`subject ${family.concreteSubject} needs ${family.tokens.length} token(s), got ${values.length}`);
  }
  values.forEach((token, i) => {
    if (token === '' || INVALID_TOKEN.test(token)) {
      throw new Error(`subject ${family.concreteSubject}: <${family.tokens[i]}> "${token}" must be non-empty without ".", "*", ">" or whitespace`);
    }
  });
  return [family.subjectPrefix, ...values].join('.');
}

/** The subject a consumer's transport dead-letters to: deadLetterSubject('enrichment') → "dlq.enrichment". */
export function deadLetterSubject(consumer: string): string {
  return subjectFor('dlq', consumer);
}

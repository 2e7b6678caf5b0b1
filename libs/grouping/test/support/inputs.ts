// Loads the corpus: every test/inputs/*.json decoded as a SentryEvent through the contract's strict codec.
import { readdirSync, readFileSync } from 'node:fs';
import { decodeMessage, SentryEventSchema, type SentryEvent } from '@faultline/contracts';

const dir = new URL('../inputs/', import.meta.url);

/** Names of all inputs (file names without .json), sorted. */
export function inputNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** One input event by name. */
export function loadInput(name: string): SentryEvent {
  return decodeMessage(SentryEventSchema, readFileSync(new URL(`${name}.json`, dir), 'utf8'));
}

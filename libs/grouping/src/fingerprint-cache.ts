// Memoised fingerprinting for a consumer that sees the same bugs over and over. Normalising and
// hashing the stack under two configs is most of fingerprintEvent's cost, yet when every exception's
// stack contributes, the hashes depend on nothing but the config and, per exception, its type, its
// `synthetic` flag and its frames' function, module, filename, abs_path and in_app: the value (the
// message, which often carries ids) is then ignored, and rules, SDK fingerprints and messages do not
// take part. So the cache keys exactly those inputs (a SHA-256 of them, so an entry costs the same
// whatever the stack's size) and keeps per key the hashes, the culprit and the frame tokens of the
// similarity signature; the title, level and exception type are read from each event. Every other
// event (a matching rule, an SDK fingerprint, a message event, a stack that does not contribute) is
// fingerprinted as before, uncached. Results are those of fingerprintEvent, without the trees.
import { hash as digest } from 'node:crypto';
import type { SentryEvent } from '@faultline/contracts';
import { CURRENT_CONFIG } from './config.js';
import { fingerprintEvent, type FingerprintResult } from './fingerprint.js';
import { findMatchingRule } from './rules/match.js';
import { parseRules, type FingerprintRule } from './rules/parse.js';
import { DEFAULT_MINHASH, eventSignature, minhash, shingles } from './similarity/minhash.js';
import { frameKey } from './strategies/frame.js';
import { stacktraceComponent } from './strategies/stacktrace.js';
import { eventTitle } from './title.js';
import { culpritFrame, isDefaultVariable, mainException } from './variables.js';

/** A FingerprintResult without the component trees (they explain a hash; clustering only stores it). */
export interface FingerprintSummary extends Omit<FingerprintResult, 'hashes'> {
  /** As in FingerprintResult; shared with the cache and frozen: do not modify. */
  hashes: readonly { readonly config: string; readonly hash: string }[];
}

/** What FingerprintCache.fingerprint returns. */
export interface CachedFingerprint {
  result: FingerprintSummary;
  /**
   * The event's similarity signature (`eventSignature(event)`, default MinHash options), computed
   * on first use; for a cached stack it is computed once per entry and the event is not retained.
   */
  signature: () => Uint32Array | undefined;
  /** `hit` (hashes from the cache), `miss` (computed and cached), `bypass` (not cacheable, computed). */
  outcome: 'hit' | 'miss' | 'bypass';
}

/** Marks a key whose stack does not decide the hashes (events with it are fingerprinted uncached). */
const UNCACHEABLE = 'uncacheable';

interface Entry {
  hashes: readonly { readonly config: string; readonly hash: string }[];
  culprit: string;
  /** Frame tokens of the signature until it is computed. */
  tokens: string[] | undefined;
  signature: Uint32Array | undefined;
}

/** Options of FingerprintCache. */
export interface FingerprintCacheOptions {
  /** Distinct stacks kept (least recently used dropped first); 0 turns the cache off. */
  maxEntries: number;
}

/** A bounded LRU of fingerprints by stack; one per process (it is pure: no clock, no I/O). */
export class FingerprintCache {
  private readonly entries = new Map<string, Entry | typeof UNCACHEABLE>();
  private readonly maxEntries: number;

  constructor(options: FingerprintCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 0) throw new Error(`maxEntries must be a non-negative integer, got ${options.maxEntries}`);
    this.maxEntries = options.maxEntries;
  }

  /** Stacks currently cached. */
  get size(): number {
    return this.entries.size;
  }

  /** fingerprintEvent(event, options) without the trees, from the cache when the stack decides the hashes. */
  fingerprint(event: SentryEvent, options: { config?: string; rules?: string | readonly FingerprintRule[]; unscopedNames?: ReadonlyMap<string, string> } = {}): CachedFingerprint {
    const config = options.config ?? CURRENT_CONFIG;
    const rules = typeof options.rules === 'string' ? parseRules(options.rules) : (options.rules ?? []);
    const unscopedNames = options.unscopedNames;
    const values = event.exception?.values ?? [];
    const sdk = event.fingerprint.length > 0 && !(event.fingerprint.length === 1 && isDefaultVariable(event.fingerprint[0]!));
    if (this.maxEntries === 0 || values.length === 0 || sdk || (rules.length > 0 && findMatchingRule(rules, event) !== undefined)) {
      return bypass(event, config, rules, unscopedNames);
    }
    // No rule matched: the result no longer depends on the rules, only on the config.
    const key = stackKey(config, event, unscopedNames);
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      if (cached === UNCACHEABLE) return bypass(event, config, [], unscopedNames);
      return { result: summary(event, cached), signature: () => entrySignature(cached), outcome: 'hit' };
    }
    const stacks = values.map((exc) => ({ exc, stack: stacktraceComponent(exc.stacktrace) }));
    // A stack that does not contribute lets the exception value into the hash: not keyed by the stack.
    // (With a contributing main stack the culprit frame exists, so the culprit is the frames' alone.)
    if (!stacks.every((s) => s.stack.contributes) || culpritFrame(event) === undefined) {
      this.remember(key, UNCACHEABLE);
      return bypass(event, config, [], unscopedNames);
    }
    // No rule matched, so none applies: the same result as with the project's rules.
    const full = fingerprintEvent(event, { config, rules: [], unscopedNames });
    const tokens: string[] = [];
    for (const { exc, stack } of stacks) {
      const frames = exc.stacktrace?.frames ?? [];
      stack.values.forEach((c, i) => {
        if (typeof c !== 'string' && c.contributes) tokens.push(frameKey(frames[i]!));
      });
    }
    const entry: Entry = {
      hashes: Object.freeze(full.hashes.map((h) => Object.freeze({ config: h.config, hash: h.hash }))),
      culprit: full.culprit,
      tokens,
      signature: undefined,
    };
    this.remember(key, entry);
    return { result: summary(event, entry, full.title), signature: () => entrySignature(entry), outcome: 'miss' };
  }

  private remember(key: string, entry: Entry | typeof UNCACHEABLE): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

function bypass(event: SentryEvent, config: string, rules: readonly FingerprintRule[], unscopedNames: ReadonlyMap<string, string> | undefined): CachedFingerprint {
  const full = fingerprintEvent(event, { config, rules, unscopedNames });
  const { hashes, ...rest } = full;
  let sig: Uint32Array | undefined | null = null;
  return {
    result: { ...rest, hashes: hashes.map((h) => ({ config: h.config, hash: h.hash })) },
    signature: () => (sig === null ? (sig = eventSignature(event)) : sig),
    outcome: 'bypass',
  };
}

function summary(event: SentryEvent, entry: Entry, title = eventTitle(event)): FingerprintSummary {
  return {
    hashes: entry.hashes,
    title,
    culprit: entry.culprit,
    level: event.level || 'error',
    exceptionType: mainException(event)?.type ?? '',
    source: 'default',
  };
}

function entrySignature(entry: Entry): Uint32Array | undefined {
  if (entry.tokens !== undefined) {
    entry.signature = minhash(shingles(entry.tokens, DEFAULT_MINHASH.shingleSize));
    entry.tokens = undefined;
  }
  return entry.signature;
}

/**
 * The digest of everything a contributing stack's hashes, culprit and signature depend on:
 * the config, then per exception its type, synthetic flag and each frame's function, module,
 * filename, abs_path, in_app and unscoped name (if any); strings are length-prefixed so no two
 * inputs spell the same text.
 */
function stackKey(config: string, event: SentryEvent, unscopedNames: ReadonlyMap<string, string> | undefined): string {
  let s = `${config.length}:${config}`;
  const values = event.exception?.values ?? [];
  for (let e = 0; e < values.length; e++) {
    const exc = values[e]!;
    s += `|${exc.type.length}:${exc.type}${exc.mechanism?.synthetic === true ? 'S' : 's'}`;
    const frames = exc.stacktrace?.frames ?? [];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      s += `${f.function.length}:${f.function}${f.module.length}:${f.module}${f.filename.length}:${f.filename}${f.absPath.length}:${f.absPath}${f.inApp === true ? 'I' : 'i'}`;
      // The previous config's hash depends on the frame's name before scope names too.
      const unscoped = unscopedNames?.get(`${e}:${i}`);
      if (unscoped !== undefined) s += `U${unscoped.length}:${unscoped}`;
    }
  }
  return digest('sha256', s, 'base64');
}

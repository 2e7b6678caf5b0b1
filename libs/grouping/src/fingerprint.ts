// fingerprintEvent: the entry point. Picks the fingerprint source (server rule > SDK fingerprint >
// default algorithm), builds one component tree per config (current and previous) and hashes each.
import type { FrameSymbolication, SentryEvent } from '@faultline/contracts';
import { component, type GroupingComponent } from './component.js';
import { CURRENT_CONFIG, getConfig, type GroupingConfig } from './config.js';
import { hashComponent } from './hash.js';
import { findMatchingRule } from './rules/match.js';
import { parseRules, type FingerprintRule } from './rules/parse.js';
import { exceptionTree } from './strategies/exception.js';
import { messageTree } from './strategies/message.js';
import { eventCulprit, eventTitle } from './title.js';
import { expandVariables, isDefaultVariable, mainException } from './variables.js';

/** Options of fingerprintEvent. */
export interface FingerprintOptions {
  /** Config id to hash with (default: CURRENT_CONFIG); its `previous` config is hashed too. */
  config?: string;
  /** The project's fingerprint rules, as text (parsed here) or already parsed (parse once per project). */
  rules?: string | readonly FingerprintRule[];
  /**
   * For frames named by their scope (`FrameSymbolication.scope_name`), the name they had without
   * it (the minified name), keyed `<exception index>:<frame index>`: configs without `scopeNames`
   * hash those frames by it, so a project moving to a config with scope names keeps its groups.
   */
  unscopedNames?: ReadonlyMap<string, string>;
}

/** One hash of an event under one config, with the tree that explains it. */
export interface GroupingHash {
  config: string;
  hash: string;
  tree: GroupingComponent;
}

/** Everything clustering needs to place an event and label a new group. */
export interface FingerprintResult {
  /** The requested config's hash first, then its predecessor's (when it has one and differs or not). */
  hashes: GroupingHash[];
  title: string;
  culprit: string;
  /** `error` when the event has none (Sentry's default). */
  level: string;
  /** Exception type of the main exception ("" for message events): the similarity partition key. */
  exceptionType: string;
  /** Where the fingerprint came from. */
  source: 'default' | 'sdk' | 'rule';
  /** The server rule that matched, if any. */
  matchedRule?: FingerprintRule;
}

/** Computes the grouping hashes, title and culprit of an event. */
export function fingerprintEvent(event: SentryEvent, options: FingerprintOptions = {}): FingerprintResult {
  const config = getConfig(options.config ?? CURRENT_CONFIG);
  const rules = typeof options.rules === 'string' ? parseRules(options.rules) : (options.rules ?? []);
  const rule = findMatchingRule(rules, event);
  const configs = config.previous ? [config, getConfig(config.previous)] : [config];
  const hashes = configs.map((c) => {
    const tree = buildTree(c.scopeNames ? event : withUnscopedNames(event, options.unscopedNames), c, rule);
    return { config: c.id, hash: hashComponent(tree), tree };
  });
  const sdk = event.fingerprint.length > 0 && !(event.fingerprint.length === 1 && isDefaultVariable(event.fingerprint[0]!));
  const result: FingerprintResult = {
    hashes,
    title: rule?.title ? expandVariables(rule.title, event) : eventTitle(event),
    culprit: eventCulprit(event),
    level: event.level || 'error',
    exceptionType: mainException(event)?.type ?? '',
    source: rule ? 'rule' : sdk ? 'sdk' : 'default',
  };
  if (rule) result.matchedRule = rule;
  return result;
}

/** `unscopedNames` from an enriched event's per-frame records (`enrichment.frames`): the scope-named frames' previous names. */
export function unscopedNamesOf(records: readonly FrameSymbolication[] | undefined): Map<string, string> | undefined {
  let names: Map<string, string> | undefined;
  for (const r of records ?? []) if (r.scopeName) (names ??= new Map()).set(`${r.exceptionIndex ?? 0}:${r.frameIndex ?? 0}`, r.rawFrame?.function ?? '');
  return names;
}

/** The event with its scope-named frames named as before scope names (the event itself when there are none). */
export function withUnscopedNames(event: SentryEvent, names: ReadonlyMap<string, string> | undefined): SentryEvent {
  if (!names || names.size === 0 || !event.exception) return event;
  const values = event.exception.values.map((exception, e) => {
    const frames = exception.stacktrace?.frames;
    if (!frames?.some((_, f) => names.has(`${e}:${f}`))) return exception;
    return { ...exception, stacktrace: { ...exception.stacktrace!, frames: frames.map((frame, f) => {
      const name = names.get(`${e}:${f}`);
      return name === undefined ? frame : { ...frame, function: name };
    }) } };
  });
  return { ...event, exception: { ...event.exception, values } };
}

/** The component tree of an event under one config. */
export function buildTree(event: SentryEvent, config: GroupingConfig, rule?: FingerprintRule): GroupingComponent {
  if (rule) return customTree('server-fingerprint', rule.fingerprint, event, config, `matched rule on line ${rule.line}: ${rule.text}`);
  const fp = event.fingerprint;
  if (fp.length > 0 && !(fp.length === 1 && isDefaultVariable(fp[0]!))) return customTree('sdk-fingerprint', fp, event, config, 'fingerprint sent by the SDK');
  return defaultTree(event, config);
}

/** The default algorithm: exception(s), else message, else nothing (the fallback hash). */
export function defaultTree(event: SentryEvent, config: GroupingConfig): GroupingComponent {
  const part = exceptionTree(event, config) ?? messageTree(event, config);
  if (part) return component('default', [part], { name: config.id });
  return component('default', [], { name: config.id, contributes: false, hint: 'ignored: no exception and no message; fallback hash' });
}

function customTree(id: string, values: readonly string[], event: SentryEvent, config: GroupingConfig, hint: string): GroupingComponent {
  const parts = values.map((v) => (isDefaultVariable(v) ? defaultTree(event, config) : component('value', [expandVariables(v, event)])));
  return component(id, parts, { name: config.id, contributes: true, hint });
}

// Inbound filters, evaluated before an event is published (after Relay's relay-filter crate): each
// is a pure predicate over the normalised event and the request. Filtered events are answered 200
// like Sentry does — the client did nothing wrong — and counted as filtered:<name>.
import { DiscardReason } from '@faultline/contracts';
import type { SentryEventInit } from './event-normalizer.js';
import { browserOf } from './user-agent-family.js';

/** A project's filter settings; absent or false means off. */
export interface InboundFilterSettings {
  browserExtensions?: boolean;
  localhost?: boolean;
  /** true: the default list (LEGACY_BROWSER_DEFAULTS); a list: drop each browser up to and including maxVersion. */
  legacyBrowsers?: boolean | { browser: string; maxVersion: number }[];
  webCrawlers?: boolean;
  /** Glob patterns (`*`, `?`), case-insensitive, matched against "Type: value", the value and the message. */
  errorMessages?: string[];
  /** Glob patterns matched against the release. */
  releases?: string[];
  /** Share of events kept, 0..1; absent keeps all. */
  sampleRate?: number;
}

/** Which filter dropped an event. */
export type InboundFilterName = 'browser_extensions' | 'localhost' | 'legacy_browsers' | 'web_crawlers' | 'error_messages' | 'releases' | 'sampled';

/** What the request tells the filters beyond the event. */
export interface FilterContext {
  userAgent?: string;
  clientIp?: string;
  url?: string;
}

/** The outcome reason each filter is counted under (sampling has none of its own in the contract yet). */
export const INBOUND_FILTER_REASONS: Readonly<Record<InboundFilterName, DiscardReason>> = {
  browser_extensions: DiscardReason.FILTERED_BROWSER_EXTENSION,
  localhost: DiscardReason.FILTERED_LOCALHOST,
  legacy_browsers: DiscardReason.FILTERED_LEGACY_BROWSER,
  web_crawlers: DiscardReason.FILTERED_WEB_CRAWLER,
  error_messages: DiscardReason.FILTERED_ERROR_MESSAGE,
  releases: DiscardReason.FILTERED_RELEASE,
  sampled: DiscardReason.FILTERED_SAMPLED,
};

/** Browsers dropped by `legacyBrowsers: true`: those too old to run a current SDK bundle (IE entirely, pre-ES2017 engines). */
export const LEGACY_BROWSER_DEFAULTS: readonly { browser: string; maxVersion: number }[] = [
  { browser: 'IE', maxVersion: 11 },
  { browser: 'Safari', maxVersion: 11 },
  { browser: 'Firefox', maxVersion: 66 },
  { browser: 'Chrome', maxVersion: 62 },
  { browser: 'Edge', maxVersion: 18 },
  { browser: 'Opera', maxVersion: 49 },
  { browser: 'Opera Mini', maxVersion: 7 },
  { browser: 'Android', maxVersion: 4 },
];

// Exception values injected by extensions, toolbars and "optimising" proxies (Relay's list, re-expressed).
const EXTENSION_VALUES =
  /top\.GLOBALS|originalCreateNotification|canvas\.contentDocument|MyApp_RemoveAllHighlights|http:\/\/tt\.epicplay\.com|Can't find variable: ZiteReader|jigsaw is not defined|ComboSearch is not defined|http:\/\/loading\.retry\.widdit\.com\/|atomicFindClose|fb_xd_fragment|bmi_SafeAddOnload|EBCallBackMessageReceived|_gCrWeb|conduitPage|null is not an object \(evaluating 'elt\.parentNode'\)|plugin\.setSuspendState is not a function|Extension context invalidated|webkit-masked-url:|can't access dead object/i;
// Script sources that are extensions or third-party widgets rather than the application.
const EXTENSION_SOURCES =
  /graph\.facebook\.com|connect\.facebook\.net|eatdifferent\.com\.woopra-ns\.com|static\.woopra\.com\/js\/woopra\.js|^chrome(?:-extension)?:\/\/|^moz-extension:\/\/|^safari(?:-web)?-extension:\/\/|webkit-masked-url|127\.0\.0\.1:4001\/isrunning|webappstoolbarba\.texthelp\.com\/|metrics\.itunes\.apple\.com\.edgesuite\.net\/|kaspersky-labs\.com/i;
const CRAWLERS =
  /Mediapartners-Google|AdsBot-Google|Googlebot|FeedFetcher-Google|BingBot|BingPreview|Baiduspider|Slurp|Sogou|facebook|ia_archiver|bots?[/\s);]|spider[/\s);]|Slack|Calypso AppCrawler|pingdom|lyticsbot|AWS Security Scanner|HubSpot Crawler|Bytespider|Better Uptime|GPTBot|ClaudeBot/i;
// Slack's link unfurler is a person sharing a link, not a crawler (Relay allows it too).
const ALLOWED_CRAWLERS = /Slackbot 1\.\d+/i;
const LOCAL_IPS = new Set(['127.0.0.1', '::1']);

/** Returns the first filter that drops the event, or undefined to keep it. `random` decides sampling (inject for tests). */
export function applyInboundFilters(event: SentryEventInit, context: FilterContext, settings: InboundFilterSettings, random: () => number): InboundFilterName | undefined {
  if (settings.localhost && isLocalhost(event, context)) return 'localhost';
  if (settings.browserExtensions && isFromExtension(event)) return 'browser_extensions';
  const userAgent = context.userAgent ?? header(event, 'user-agent');
  if (settings.legacyBrowsers && userAgent && isLegacy(userAgent, settings.legacyBrowsers === true ? LEGACY_BROWSER_DEFAULTS : settings.legacyBrowsers)) return 'legacy_browsers';
  if (settings.webCrawlers && userAgent && CRAWLERS.test(userAgent) && !ALLOWED_CRAWLERS.test(userAgent)) return 'web_crawlers';
  if (settings.errorMessages?.length && messagesOf(event).some((m) => globs(settings.errorMessages!).test(m))) return 'error_messages';
  if (settings.releases?.length && event.release && globs(settings.releases).test(event.release)) return 'releases';
  if (settings.sampleRate !== undefined && settings.sampleRate < 1 && random() >= settings.sampleRate) return 'sampled';
  return undefined;
}

function isLocalhost(event: SentryEventInit, context: FilterContext): boolean {
  const ip = context.clientIp ?? event.user?.ipAddress;
  if (ip && LOCAL_IPS.has(ip)) return true;
  const url = context.url ?? event.request?.url;
  if (url) {
    if (/^file:/i.test(url)) return true;
    const host = /^[a-z][-a-z0-9+.]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url)?.[1]?.toLowerCase();
    if (host && (host === '127.0.0.1' || host === '[::1]' || host === 'localhost' || host.endsWith('.localhost'))) return true;
  } else {
    for (const name of ['host', 'x-forwarded-host']) {
      const domain = header(event, name)?.split(':')[0];
      if (domain === 'localhost' || domain === '127.0.0.1') return true;
    }
  }
  const forwarded = header(event, 'x-forwarded-for');
  return forwarded !== undefined && LOCAL_IPS.has(forwarded.trim());
}

function isFromExtension(event: SentryEventInit): boolean {
  const first = event.exception?.values?.[0];
  if (!first) return false;
  if (first.value && EXTENSION_VALUES.test(first.value)) return true;
  const frames = first.stacktrace?.frames ?? [];
  // The innermost frame with a real source says where the error came from.
  for (let i = frames.length - 1; i >= 0; i--) {
    const source = frames[i]!.absPath || frames[i]!.filename;
    if (!source || source === '<anonymous>' || source === '[native code]') continue;
    return EXTENSION_SOURCES.test(source);
  }
  return false;
}

function isLegacy(userAgent: string, list: readonly { browser: string; maxVersion: number }[]): boolean {
  const browser = browserOf(userAgent);
  if (!browser) return false;
  return list.some((b) => b.browser.toLowerCase() === browser.family.toLowerCase() && browser.major <= b.maxVersion);
}

function messagesOf(event: SentryEventInit): string[] {
  const out: string[] = [];
  for (const ex of event.exception?.values ?? []) {
    if (ex.type && ex.value) out.push(`${ex.type}: ${ex.value}`);
    else if (ex.type || ex.value) out.push(ex.type || ex.value || '');
  }
  if (event.message?.formatted) out.push(event.message.formatted);
  if (event.message?.message) out.push(event.message.message);
  return out;
}

function header(event: SentryEventInit, name: string): string | undefined {
  const headers = event.request?.headers;
  if (!headers) return undefined;
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

// Projects' pattern lists are long-lived objects from the settings cache, so compiling once per list is enough.
const compiled = new WeakMap<string[], RegExp>();

/** One case-insensitive regex for a list of globs (`*` any run, `?` one character, everything else literal). */
function globs(patterns: string[]): RegExp {
  let re = compiled.get(patterns);
  if (!re) {
    const alternatives = patterns.map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]'));
    re = new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
    compiled.set(patterns, re);
  }
  return re;
}

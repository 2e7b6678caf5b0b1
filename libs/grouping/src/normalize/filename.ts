// Browsers and deploys disagree about a script's URL (origin, CDN, query, content hash in the name);
// grouping keeps only the stable part: the basename without its content hash.

import { memoize } from './memo.js';

/** Files whose frames are not JavaScript the application shipped. */
const NATIVE_FILES = new Set(['[native code]', 'native code', '<anonymous>', 'native', '<native>', '[wasm code]']);

/** True for frames in native code or a nameless script (Chrome's `(<anonymous>)`, Safari's `[native code]`). */
export function isNativeFile(filename: string): boolean {
  // `index 0` is V8's location of an `async Promise.all` frame.
  return NATIVE_FILES.has(filename) || /^<data:/.test(filename) || /^index \d+$/.test(filename);
}

/**
 * A hash-looking segment: hex of 4+ chars mixing digits and letters (or 8+ digits-only), or an 8+ char
 * base36/base64url token mixing letters and digits (webpack/vite `[contenthash]`, e.g. `BkX3a9_q`).
 */
function isContentHash(seg: string): boolean {
  if (/^[0-9a-f]{4,}$/i.test(seg) && /\d/.test(seg) && (/[a-f]/i.test(seg) || seg.length >= 8)) return true;
  return /^[A-Za-z0-9_-]{8,}$/.test(seg) && /\d/.test(seg) && /[A-Za-z]/.test(seg);
}

/** `https://cdn.x/static/js/main.3f9a1c.js?v=2#x` → `main.js`; `chunk-7b3ac2.js` → `chunk.js`; `app.3f9a1c2b.min.js` → `app.min.js`. */
function normalizeFilenameUncached(filename: string): string {
  let f = filename.trim();
  f = f.replace(/[?#].*$/, '');
  // Drop scheme and origin (http, webpack://, chrome-extension://…), then every directory.
  f = f.replace(/^[a-z][-a-z0-9+.]*:\/\/[^/]*/i, '');
  f = f.replace(/^.*[\\/]/, '');
  const dot = f.indexOf('.');
  let stem = dot < 0 ? f : f.slice(0, dot);
  const exts = dot < 0 ? [] : f.slice(dot + 1).split('.');
  // Hashes appear as a dotted segment (main.3f9a1c.js) or a suffix of the stem (chunk-7b3ac2.js, index-BkX3a9_q.js).
  const keptExts = exts.filter((e, i) => i === exts.length - 1 || !isContentHash(e));
  for (let m = /^(.+)[-~]([A-Za-z0-9_-]+)$/.exec(stem); m && isContentHash(m[2]!); m = /^(.+)[-~]([A-Za-z0-9_-]+)$/.exec(stem)) stem = m[1]!;
  // A stem that is nothing but a hash (`3fa85f6457174562.js`): keep the shape, not the value.
  if (/^[0-9a-f]{8,}$/i.test(stem) && /\d/.test(stem) && /[a-f]/i.test(stem)) stem = '<hash>';
  return [stem, ...keptExts].join('.');
}

/** The path shown in a culprit: the URL path without origin and query (`/static/js/main.js`). */
export function displayPath(filename: string): string {
  return filename.replace(/[?#].*$/, '').replace(/^[a-z][-a-z0-9+.]*:\/\/[^/]*/i, '');
}

/** Memoised normalizeFilenameUncached (see memo.ts). */
export const normalizeFilename = memoize(normalizeFilenameUncached);

// The same function is printed differently by V8, SpiderMonkey and JavaScriptCore, and minifiers rename
// receivers: `Object.render`, `t.onClick`, `Cart.prototype.total/<`, `async*loadUser`, `new Widget`.
// Grouping keeps the member name alone, which all engines agree on.

import { memoize } from './memo.js';

/** Names that mean "no function name": anonymous, top-level and eval code. */
const ANONYMOUS = new Set(['', '?', '<anonymous>', 'anonymous', 'anonymous function', 'global code', 'eval code', 'eval', '<eval>', 'module code', 'global', '(anonymous function)', '<unknown>']);

/** Why a function name cannot contribute, or undefined when it can. */
export function unusableFunctionReason(normalized: string): string | undefined {
  if (ANONYMOUS.has(normalized.toLowerCase())) return normalized.toLowerCase().includes('eval') ? 'ignored: eval frame' : 'ignored: anonymous function';
  return undefined;
}

/** Normalises a function name to its member name: `Object.render` → `render`, `async*Module.load [as x]` → `load`. */
function normalizeFunctionUncached(raw: string): string {
  let f = raw.trim();
  // Firefox async frames (`async*fn`), nested-closure markers (`fn/<`, `fn</inner`), and V8's `[as alias]`.
  f = f.replace(/^(?:async\*)+/, '');
  f = f.replace(/ \[as [^\]]*\]$/, '');
  // `outer/<` is SpiderMonkey's name for an anonymous function nested in `outer`; V8 and JSC print no name.
  if (/\/<+$/.test(f)) return '<anonymous>';
  f = f.replace(/<\/([^/<]+)$/, '/$1');
  if (f.includes('/')) f = f.slice(f.lastIndexOf('/') + 1);
  // V8 decorations: `async fn`, `new Widget`, generator `*gen`, getters/setters.
  f = f.replace(/^(?:(?:async|new|get|set)\s+)+/, '').replace(/^\*+/, '');
  // Receivers differ between engines and minified builds; keep the last dotted member.
  if (f.includes('.') && !/^\.+$/.test(f)) {
    const last = f.slice(f.lastIndexOf('.') + 1);
    if (last !== '') f = last;
  }
  return f.replace(/\(.*\)$/, '').trim();
}

/** Memoised normalizeFunctionUncached (see memo.ts). */
export const normalizeFunction = memoize(normalizeFunctionUncached);

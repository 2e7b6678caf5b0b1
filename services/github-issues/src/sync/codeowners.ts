// CODEOWNERS of the target repository: the owners of the last rule matching a file path become
// the assignees (users only: teams cannot be assigned to issues).
import type { GitHubApi, RepoRef } from '../github/github-api.js';

/** The places GitHub reads CODEOWNERS from, in its order. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

interface Rule {
  regex: RegExp;
  owners: string[];
}

/** Parses a CODEOWNERS file into rules (later rules take precedence). */
export function parseCodeowners(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({ regex: patternRegex(pattern!), owners });
  }
  return rules;
}

// gitignore-style patterns: a leading or inner "/" anchors to the root, "*" stays within a
// directory, "**" crosses them, a trailing "/" matches everything below.
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  let p = pattern.replace(/^\//, '');
  const dir = p.endsWith('/');
  if (dir) p = p.slice(0, -1);
  const body = p
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
    .join('.*');
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/.*)?$`);
}

/** The user logins owning `path` (without "@"; teams and e-mail owners are left out). */
export function ownersOf(rules: Rule[], path: string): string[] {
  const clean = path.replace(/^\.?\//, '');
  let owners: string[] = [];
  for (const rule of rules) if (rule.regex.test(clean)) owners = rule.owners;
  return owners.filter((o) => o.startsWith('@') && !o.includes('/')).map((o) => o.slice(1));
}

/** The source path in a culprit such as `submitOrder(src/checkout/place-order.ts)`, or the culprit itself when it looks like a path. */
export function culpritPath(culprit: string | undefined): string | undefined {
  if (!culprit) return undefined;
  const inParens = /\(([^()]+)\)\s*$/.exec(culprit)?.[1];
  const candidate = (inParens ?? culprit).replace(/:\d+(:\d+)?$/, '').trim();
  if (!candidate.includes('/') && !candidate.includes('.')) return undefined;
  return candidate.replace(/^(https?:\/\/[^/]+|webpack:\/\/[^/]*|app:\/\/)\/?/, '');
}

/** CODEOWNERS files per repository, cached for five minutes. */
export class CodeownersCache {
  private readonly cache = new Map<string, { rules: Rule[]; at: number }>();

  constructor(private readonly github: GitHubApi) {}

  /** The assignees for `path` in `repo`. */
  async assignees(repo: RepoRef, path: string | undefined): Promise<string[]> {
    if (!path) return [];
    const key = `${repo.owner}/${repo.repo}`.toLowerCase();
    let hit = this.cache.get(key);
    if (!hit || Date.now() - hit.at > 300_000) {
      let text = '';
      for (const p of CODEOWNERS_PATHS) {
        const t = await this.github.readFile(repo, p);
        if (t !== null) {
          text = t;
          break;
        }
      }
      hit = { rules: parseCodeowners(text), at: Date.now() };
      this.cache.set(key, hit);
    }
    return ownersOf(hit.rules, path).slice(0, 10);
  }
}

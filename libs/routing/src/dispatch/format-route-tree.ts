// The route tree printed the way `amtool config routes` prints it (treeprint's box drawing, with the
// no-break spaces it uses), so `faultline config check` output can be compared line by line.
import { formatMatchers } from '../labels/matcher.js';
import { type Route } from './route.js';

function nodeText(r: Route): string {
  const name = r.matchers.length > 0 ? formatMatchers(r.matchers) : 'default-route';
  return `${name}${r.continue ? '  continue: true' : ''}  receiver: ${r.opts.receiver}`;
}

function lines(r: Route, prefix: string, last: boolean, out: string[]): void {
  out.push(`${prefix}${last ? '└── ' : '├── '}${nodeText(r)}`);
  const childPrefix = prefix + (last ? '    ' : '│\u00a0\u00a0 ');
  r.routes.forEach((c, i) => lines(c, childPrefix, i === r.routes.length - 1, out));
}

/** `Routing tree:` followed by the tree, exactly as amtool 0.25 prints it. */
export function formatRouteTree(root: Route): string {
  const out = ['Routing tree:', '.'];
  lines(root, '', true, out);
  return `${out.join('\n')}\n`;
}

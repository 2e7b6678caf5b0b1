// The fingerprint is a tree of components, like Sentry's grouping variants: every node says whether it
// contributes to the hash and, when it does not, why (`hint`), so any grouping decision can be explained.

/** One node of a fingerprint tree; leaves are the string values. */
export interface GroupingComponent {
  /** What this node is: "exception", "type", "frame", "function", "filename", "message", … */
  id: string;
  /** A display name when `id` alone is ambiguous (e.g. the config that built the tree). */
  name?: string;
  /** Whether this node's string values go into the hash; a non-contributing node excludes its whole subtree. */
  contributes: boolean;
  /** Why the node does not contribute, or how its value was rewritten ("parameterized: numbers"). */
  hint?: string;
  /** Child components and string leaves, in hash order. */
  values: (string | GroupingComponent)[];
}

/** Builds a component; contributes defaults to true when any child contributes or a string leaf is present. */
export function component(id: string, values: (string | GroupingComponent)[], extra: Partial<Omit<GroupingComponent, 'id' | 'values'>> = {}): GroupingComponent {
  const contributes = extra.contributes ?? values.some((v) => typeof v === 'string' || v.contributes);
  const c: GroupingComponent = { id, contributes, values };
  if (extra.name !== undefined) c.name = extra.name;
  if (extra.hint !== undefined) c.hint = extra.hint;
  return c;
}

/** Marks a component (and so its subtree) as not contributing, with the reason; keeps an earlier hint. */
export function ignore(c: GroupingComponent, hint: string): GroupingComponent {
  c.contributes = false;
  c.hint = c.hint ? `${hint}; ${c.hint}` : hint;
  return c;
}

/** The string leaves that reach the hash, in order: only those under a chain of contributing nodes. */
export function contributingValues(c: GroupingComponent): string[] {
  if (!c.contributes) return [];
  const out: string[] = [];
  for (const v of c.values) {
    if (typeof v === 'string') out.push(v);
    else out.push(...contributingValues(v));
  }
  return out;
}

/** Renders a tree as indented text; `*` marks nodes whose values reach the hash, hints follow in parentheses. */
export function formatTree(c: GroupingComponent, indent = '', parentContributes = true): string {
  // Under an ignored node nothing reaches the hash, whatever the child says about itself.
  const live = parentContributes && c.contributes;
  const mark = live ? '*' : ' ';
  const head = `${indent}${mark} ${c.id}${c.name ? ` [${c.name}]` : ''}${c.hint ? ` (${c.hint})` : ''}`;
  const lines = [head];
  for (const v of c.values) {
    if (typeof v === 'string') lines.push(`${indent}    ${JSON.stringify(v)}`);
    else lines.push(formatTree(v, `${indent}  `, live));
  }
  return lines.join('\n');
}

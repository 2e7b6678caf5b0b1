/** The flags of `services/<name>` (none when its package.json declares none). */
export function serviceNodeFlags(name: string, root?: URL): string[];

// Writes one benchmark's section of docs/PERFORMANCE.md, keeping the other sections.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const FILE = new URL('../docs/PERFORMANCE.md', import.meta.url);
const HEADER = `# Performance

Measured by \`npm run bench\` (one section per benchmark, rewritten by each run of it).
Targets are checked against a baseline measured in the same run, because these machines are noisy.
`;

/** A one-line description of the machine the numbers were measured on. */
export function machine(): string {
  let nats = 'unknown';
  try {
    nats = execFileSync('nats-server', ['--version']).toString().trim();
  } catch {
    // nats-server not on PATH: leave unknown.
  }
  return `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${nats}`;
}

/** Replaces the `## <name>` section of docs/PERFORMANCE.md with `body`. */
export function writeSection(name: string, body: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const heading = `## ${name}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const end = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + section + (end === -1 ? '' : current.slice(end));
  }
  writeFileSync(FILE, next.endsWith('\n') ? next : `${next}\n`);
}

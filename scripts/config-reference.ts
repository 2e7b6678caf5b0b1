// Generates docs/CONFIG-REFERENCE.md from the services' zod configuration schemas: the variable
// names and defaults come from the schemas themselves (imported), the types, bounds and
// descriptions from their source (the helper call of each key and the comment above it,
// read with the TypeScript compiler API). `npm run gen:config-docs` writes the file;
// test/config-docs.spec.ts fails when it is stale. Deterministic: no dates, stable order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One configuration schema: a service (or the CLI), the module exporting it and the export's name. */
export interface ConfigSource {
  readonly name: string;
  readonly title: string;
  readonly file: string;
  readonly exportName: string;
  readonly doc?: string;
}

/** Every schema Faultline reads its environment with, in pipeline order. */
export const CONFIG_SOURCES: readonly ConfigSource[] = [
  { name: 'ingest', title: 'ingest', file: 'services/ingest/src/ingest.config.ts', exportName: 'ingestConfigSchema', doc: '../services/ingest/README.md' },
  { name: 'enrichment', title: 'enrichment', file: 'services/enrichment/src/enrichment.config.ts', exportName: 'enrichmentConfigSchema' },
  { name: 'clustering', title: 'clustering', file: 'services/clustering/src/clustering.config.ts', exportName: 'clusteringConfigSchema' },
  { name: 'alert-router', title: 'alert-router', file: 'services/alert-router/src/alert-router.config.ts', exportName: 'alertRouterConfigSchema' },
  { name: 'github-issues', title: 'github-issues', file: 'services/github-issues/src/github-issues.config.ts', exportName: 'githubIssuesConfigSchema' },
  { name: 'cli', title: '`faultline` CLI (and the migration Job)', file: 'tools/cli/src/cli-config.ts', exportName: 'cliEnv', doc: 'CLI.md' },
];

/** Shared fragments spread into the service schemas; a key defined here and not in a service file is "shared". */
const FRAGMENT_FILES = [
  'libs/platform/config/src/fragments/nats-env.ts',
  'libs/platform/config/src/fragments/database-env.ts',
  'libs/platform/config/src/fragments/storage-env.ts',
  'libs/platform/config/src/fragments/logging-env.ts',
  'libs/platform/messaging/src/messaging-env.ts',
];

// Descriptions of shared variables whose fragment has no comment on the key itself.
const SHARED_DESCRIPTIONS: Record<string, string> = {
  NATS_URL: 'NATS server(s) with JetStream, `nats://` or `tls://`, several comma-separated.',
  NATS_STREAM_PREFIX: 'Prefix of every stream, consumer and subject (tests use one per run); empty in production.',
  NATS_STREAM_REPLICAS: 'Replicas of every stream Faultline provisions (3 in a NATS cluster); reconciled at every start.',
  DATABASE_URL: 'PostgreSQL connection URL.',
  DATABASE_SCHEMA: "Schema of Faultline's tables and `faultline_migrations`.",
  S3_ENDPOINT: 'S3-compatible endpoint (MinIO, S3, s3rver).',
  S3_ACCESS_KEY: 'Access key of the object store.',
  S3_SECRET_KEY: 'Secret key of the object store.',
  S3_BUCKET: 'Bucket of raw events and source-map artifacts.',
  S3_REGION: 'Region sent to the object store.',
  LOG_LEVEL: 'pino log level (case-insensitive).',
  CONSUMER_ACK_WAIT: 'Time a delivered message may stay unacknowledged before JetStream redelivers it.',
  CONSUMER_MAX_DELIVER: 'Deliveries before a message is dead-lettered.',
  CONSUMER_BACKOFF: 'Redelivery delays after a failed attempt (the last one repeats).',
  CONSUMER_MAX_ACK_PENDING: 'Unacknowledged messages across all replicas of the service (the durable consumer).',
  CONSUMER_CONCURRENCY: 'Handlers running at once per replica.',
  CONSUMER_PREFETCH: 'Messages fetched ahead per replica.',
  CONSUMER_DRAIN_TIMEOUT: 'On SIGTERM, how long running handlers may finish before the process exits.',
  NATS_PUBLISH_TIMEOUT: 'How long a publish waits for the JetStream PubAck.',
};

// Variables whose key carries no comment in the source (keep short; better: add the comment there).
const FALLBACK_DESCRIPTIONS: Record<string, string> = {
  INGEST_MAX_ITEMS: 'Items in one envelope.',
  INGEST_MAX_FRAMES: 'Frames in one stack trace; an event with more is refused (discard reason too_many_frames).',
  INGEST_KEY_CACHE_REFRESH: 'How often the project-key cache is refreshed from PostgreSQL.',
  GITHUB_APP_ID: 'GitHub App id; with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_FILE. Takes precedence over GITHUB_TOKEN.',
  GITHUB_PRIVATE_KEY: "The App's private key (PEM text).",
  GITHUB_PRIVATE_KEY_FILE: "File holding the App's private key (PEM), e.g. a mounted Secret.",
  GITHUB_LABEL_LEVEL: "Put the event's level (e.g. `error`) on the issue as a label.",
  GITHUB_LABEL_ENVIRONMENT: "Put the event's environment (e.g. `production`) on the issue as a label.",
  FAULTLINE_PUBLIC_URL: 'Where SDKs reach the ingest gateway: the base of every DSN the CLI prints.',
};

/** A variable as documented: name, default, type/constraint, description, and whether the source is shared. */
export interface VariableDoc {
  readonly name: string;
  readonly default: string;
  readonly type: string;
  readonly description: string;
  readonly shared: boolean;
}

interface Definition {
  readonly init: ts.Expression;
  readonly comment: string;
  readonly sourceFile: ts.SourceFile;
}

type Zod = { def: { type: string; defaultValue?: unknown; in?: Zod; innerType?: Zod; out?: Zod } };
type ZodObjectLike = { shape: Record<string, Zod> };

/** The keys (variable names) of every schema, read from the schemas themselves. */
export async function loadSchemaKeys(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const source of CONFIG_SOURCES) out.set(source.name, Object.keys((await loadSchema(source)).shape));
  return out;
}

async function loadSchema(source: ConfigSource): Promise<ZodObjectLike> {
  const module = (await import(pathToFileURL(join(root, source.file)).href)) as Record<string, unknown>;
  const schema = module[source.exportName] as ZodObjectLike | undefined;
  if (!schema?.shape) throw new Error(`${source.file} does not export a zod object ${source.exportName}`);
  return schema;
}

/** The default an unset variable takes, as environment text; `undefined` when there is none. */
function defaultOf(schema: Zod): { value?: string; optional: boolean } {
  const def = schema.def;
  if (def.type === 'default' || def.type === 'prefault') {
    const value = def.defaultValue;
    return { value: typeof value === 'string' ? value : JSON.stringify(value), optional: false };
  }
  if (def.type === 'optional') return { optional: true };
  if (def.type === 'pipe') {
    // z.preprocess(fn, inner) is a pipe from a transform into `inner`.
    const fromIn = def.in ? defaultOf(def.in) : { optional: false };
    if (fromIn.value !== undefined || fromIn.optional || !def.out) return fromIn;
    return defaultOf(def.out);
  }
  return { optional: false };
}

const parsedFiles = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  let sf = parsedFiles.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsedFiles.set(file, sf);
  }
  return sf;
}

/** The last `KEY: <expr>` property assignment in the file (a later one overrides a spread). */
function findDefinition(file: string, key: string): Definition | undefined {
  const sf = sourceOf(file);
  let found: Definition | undefined;
  const visit = (node: ts.Node) => {
    // `pick({ KEY: true })` names a key without defining it.
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === key && node.initializer.kind !== ts.SyntaxKind.TrueKeyword) {
      found = { init: node.initializer, comment: commentAbove(node, sf), sourceFile: sf };
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The JSDoc or line comments directly above a node, as one line of text. */
function commentAbove(node: ts.Node, sf: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  return ranges
    .map((r) => sf.text.slice(r.pos, r.end))
    .map((c) =>
      c
        .replace(/^\/\*\*?|\*\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*(\*|\/\/)\s?/, '').trim())
        .join(' ')
        .trim(),
    )
    .filter(Boolean)
    .join(' ');
}

const MiB = 1024 * 1024;

/** Evaluates a numeric literal expression such as `64 * 1024 * MiB` or `1_024`; `undefined` when it is not one. */
function numberOf(expr: ts.Expression, sf: ts.SourceFile): number | undefined {
  const text = expr.getText(sf).replace(/_/g, '').replace(/\bMiB\b/g, String(MiB));
  if (!/^[\d\s*+\-().]+$/.test(text)) return undefined;
  return Function(`"use strict"; return (${text});`)() as number;
}

function bytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return n >= 1024 * MiB && n % (1024 * MiB) === 0 ? `${n / 1024 / MiB} GiB` : `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return String(n);
}

function literal(expr: ts.Expression, sf: ts.SourceFile, name: string): string {
  if (ts.isStringLiteralLike(expr)) return expr.text === '' ? '0' : expr.text;
  const n = numberOf(expr, sf);
  if (n === undefined) return expr.getText(sf);
  return /_(BYTES|SIZE)$/.test(name) ? bytes(n) : n.toLocaleString('en-US').replace(/,/g, '\u202f');
}

/** The options object `{ min, max, protocols, … }` of a helper call, as expressions by key. */
function options(call: ts.CallExpression, index = 0): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  const arg = call.arguments[index];
  if (arg && ts.isObjectLiteralExpression(arg)) {
    for (const p of arg.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) out.set(p.name.text, p.initializer);
  }
  return out;
}

function range(opts: Map<string, ts.Expression>, sf: ts.SourceFile, name: string): string {
  const min = opts.get('min');
  const max = opts.get('max');
  if (min && max) return ` ${literal(min, sf, name)} … ${literal(max, sf, name)}`;
  if (min) return ` ≥ ${literal(min, sf, name)}`;
  if (max) return ` ≤ ${literal(max, sf, name)}`;
  return '';
}

const TERMINAL = ['envInt', 'envNumber', 'envDuration', 'envBoolean', 'envUrl', 'envList', 'envValue', 'z.string', 'z.enum', 'z.number', 'z.boolean'];

/** A short type and constraint from the helper call (`envInt({ min, max })` → "integer 1 … 10"). */
function describeType(expr: ts.Expression, sf: ts.SourceFile, name: string, depth = 0): string {
  if (depth > 5) return 'string';
  if (ts.isParenthesizedExpression(expr)) return describeType(expr.expression, sf, name, depth + 1);
  if (ts.isArrowFunction(expr) && !ts.isBlock(expr.body)) return describeType(expr.body, sf, name, depth + 1);
  if (expr.getText(sf).includes('JSON.parse')) return 'JSON object';
  // Unwrap method chains: .optional(), .default(), .refine(), .regex(…, 'message'), .min(…).
  const notes: string[] = [];
  let base: ts.Expression = expr;
  while (ts.isCallExpression(base) && ts.isPropertyAccessExpression(base.expression)) {
    const method = base.expression.name.text;
    const arg0 = base.arguments[0];
    const arg1 = base.arguments[1];
    if (method === 'regex' && arg1 && ts.isStringLiteralLike(arg1)) notes.unshift(arg1.text);
    else if (method === 'refine' && arg1 && ts.isStringLiteralLike(arg1)) notes.unshift(arg1.text);
    else if (method === 'min' && arg0 && base.expression.expression.getText(sf).startsWith('z.string')) notes.unshift('non-empty');
    else if (method === 'url') notes.unshift('URL');
    else if (method === 'enum' || method === 'pipe') {
      // z.string()….pipe(z.enum([...])) or z.enum([...])
      const inner = method === 'enum' ? base : arg0;
      if (inner && ts.isCallExpression(inner)) {
        const e = method === 'enum' ? inner : inner;
        const values = e.arguments[0];
        if (values && ts.isArrayLiteralExpression(values)) return `one of ${values.elements.map((v) => (ts.isStringLiteralLike(v) ? `\`${v.text}\`` : v.getText(sf))).join(', ')}`;
        if (values && ts.isIdentifier(values)) return `one of ${resolveList(values, sf)}`;
      }
    }
    if (method === 'enum' || TERMINAL.includes(base.expression.getText(sf))) break;
    base = base.expression.expression;
  }
  const suffix = notes.length > 0 ? `; ${[...new Set(notes)].join('; ')}` : '';
  if (ts.isCallExpression(base)) {
    const callee = base.expression.getText(sf);
    const opts = options(base, callee === 'envList' ? 1 : 0);
    switch (callee) {
      case 'envInt':
        return `integer${range(opts, sf, name)}${/_(BYTES|SIZE)$/.test(name) ? ' (bytes)' : ''}${suffix}`;
      case 'envNumber':
        return `number${range(opts, sf, name)}${suffix}`;
      case 'envDuration':
        return `duration${range(opts, sf, name)}${suffix}`;
      case 'envBoolean':
        return `boolean (true, false, 1, 0)${suffix}`;
      case 'envUrl': {
        const protocols = opts.get('protocols');
        const list = protocols && ts.isArrayLiteralExpression(protocols) ? protocols.elements.map((p) => (ts.isStringLiteralLike(p) ? `${p.text}//` : p.getText(sf))).join(' or ') : '';
        return `URL${list ? ` (${list})` : ''}${suffix}`;
      }
      case 'envList': {
        const item = base.arguments[0] ? describeType(base.arguments[0], sf, name, depth + 1) : 'text';
        const min = opts.get('minItems');
        const max = opts.get('maxItems');
        const count = min && max ? `, ${literal(min, sf, '')} … ${literal(max, sf, '')} items` : '';
        return `comma-separated list of ${item}${count}${suffix}`;
      }
      case 'envValue': {
        const parser = base.arguments[0];
        if (parser && ts.isIdentifier(parser) && /pii/i.test(parser.text)) return `JSON object${suffix}`;
        if (parser?.getText(sf).includes('new RegExp')) return `comma-separated regular expressions${suffix}`;
        return `string${suffix}`;
      }
      case 'z.enum':
        break;
      default:
        if (callee.startsWith('z.string')) return `string${suffix}`;
    }
  }
  // A local helper such as `required()` or a shared schema constant such as `repo`.
  const local = ts.isCallExpression(base) && ts.isIdentifier(base.expression) ? base.expression : ts.isIdentifier(base) ? base : undefined;
  // A wrapper such as `optional(z.string()…)` is described by the schema it wraps.
  if (ts.isCallExpression(base) && ts.isIdentifier(base.expression) && base.arguments[0] && !TERMINAL.includes(base.expression.text)) {
    const inner = describeType(base.arguments[0], sf, name, depth + 1);
    return `${inner}${suffix && !inner.endsWith(suffix) ? suffix : ''}`;
  }
  if (local) {
    const decl = findConst(local.text, sf);
    if (decl) {
      const inner = describeType(decl, sf, name, depth + 1);
      return `${inner}${suffix && !inner.endsWith(suffix) ? suffix : ''}`;
    }
  }
  const text = base.getText(sf);
  if (text.startsWith('z.string')) return `string${suffix}`;
  return `string${suffix}`;
}

function findConst(name: string, sf: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) found = node.initializer;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function resolveList(id: ts.Identifier, sf: ts.SourceFile): string {
  const init = findConst(id.text, sf);
  let arr: ts.Expression | undefined = init;
  while (arr && (ts.isAsExpression(arr) || ts.isSatisfiesExpression(arr))) arr = arr.expression;
  if (arr && ts.isArrayLiteralExpression(arr)) return arr.elements.map((v) => (ts.isStringLiteralLike(v) ? `\`${v.text}\`` : v.getText(sf))).join(', ');
  return id.text;
}

/** Every variable of one schema, documented. */
export async function documentSource(source: ConfigSource): Promise<VariableDoc[]> {
  const schema = await loadSchema(source);
  return Object.entries(schema.shape).map(([name, zod]) => {
    const own = findDefinition(source.file, name);
    const fragment = own ? undefined : FRAGMENT_FILES.map((f) => findDefinition(f, name)).find(Boolean);
    const port = /_PORT$/.test(name) && !own && !fragment;
    const def = own ?? fragment;
    const { value, optional } = defaultOf(zod);
    const type = port ? 'integer 0 … 65535 (0 = any free port)' : def ? describeType(def.init, def.sourceFile, name) : 'string';
    // A fragment's comments explain code; the shared descriptions are written for operators.
    let description = (own ? own.comment : SHARED_DESCRIPTIONS[name]) || fragment?.comment || SHARED_DESCRIPTIONS[name] || FALLBACK_DESCRIPTIONS[name] || '';
    if (port) description = 'HTTP port (API, /healthz, /readyz, /metrics).';
    if (!description && /_HOST$/.test(name)) description = 'Address the HTTP server listens on.';
    return {
      name,
      default: value !== undefined ? (value === '' ? '*(empty)*' : `\`${value}\``) : optional ? '*(unset)*' : '**required**',
      type,
      description,
      shared: !own && !port && !/_HOST$/.test(name),
    };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: VariableDoc[], readBy?: Map<string, string[]>): string {
  const head = readBy ? '| variable | default | type | read by | description |\n| --- | --- | --- | --- | --- |' : '| variable | default | type | description |\n| --- | --- | --- | --- |';
  const lines = rows.map((r) =>
    readBy
      ? `| \`${r.name}\` | ${cell(r.default)} | ${cell(r.type)} | ${readBy.get(r.name)!.join(', ')} | ${cell(r.description)} |`
      : `| \`${r.name}\` | ${cell(r.default)} | ${cell(r.type)} | ${cell(r.description)} |`,
  );
  return [head, ...lines].join('\n');
}

/** The whole reference page. */
export async function renderConfigReference(): Promise<string> {
  const perSource = new Map<string, VariableDoc[]>();
  for (const source of CONFIG_SOURCES) perSource.set(source.name, await documentSource(source));

  // Shared variables: documented once with the services that read them (first definition wins;
  // a service that overrides a shared default lists it again in its own table).
  const shared = new Map<string, VariableDoc>();
  const readBy = new Map<string, string[]>();
  for (const [name, docs] of perSource) {
    for (const d of docs) {
      if (!d.shared) continue;
      if (!shared.has(d.name)) shared.set(d.name, d);
      readBy.set(d.name, [...(readBy.get(d.name) ?? []), name]);
    }
  }
  // Overrides (a service defining a shared key itself) are listed in the shared "read by" too.
  for (const [name, docs] of perSource) {
    for (const d of docs) if (!d.shared && shared.has(d.name)) readBy.set(d.name, [...readBy.get(d.name)!, `${name} (own default)`]);
  }

  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run gen:config-docs` (scripts/config-reference.ts) from the zod schemas in',
    '     services/*/src/*.config.ts, tools/cli/src/cli-config.ts and the shared fragments. Do not edit:',
    '     test/config-docs.spec.ts fails when this file is stale. -->',
    '',
    'Every variable each Faultline process reads, with its default and what it accepts. A process',
    'validates its whole environment at start and exits with status 78 listing every bad variable.',
    'Durations accept `500ms`, `30s`, `2m`, `1h`, `1d`, compounds such as `1m30s`, or a plain number',
    'of milliseconds; booleans `true`, `false`, `1`, `0`. Ranges are inclusive. How the limits behave',
    'and which metrics count them: [CONFIGURATION.md](CONFIGURATION.md) and each service\'s page;',
    'the Helm values that set these variables: [OPERATING.md](OPERATING.md).',
    '',
    `Processes: ${CONFIG_SOURCES.map((s) => `[${s.name}](#${s.name})`).join(', ')}.`,
    '',
    '## Shared variables',
    '',
    'Defined once in `libs/platform/config` (NATS, PostgreSQL, object storage, logging) and',
    '`libs/platform/messaging` (consumers, publishing), and read by the processes listed.',
    '',
    table([...shared.values()], readBy),
    '',
  ];
  for (const source of CONFIG_SOURCES) {
    const docs = perSource.get(source.name)!;
    const own = docs.filter((d) => !d.shared);
    const sharedNames = docs.filter((d) => d.shared).map((d) => `\`${d.name}\``);
    out.push(`## ${source.name}`, '');
    out.push(`${source.title === source.name ? `\`services/${source.name}\`` : source.title}: schema \`${source.exportName}\` in \`${source.file}\`.`);
    if (sharedNames.length > 0) out.push(`Also reads the shared ${sharedNames.join(', ')}.`);
    out.push('', table(own), '');
  }
  return out.join('\n');
}

/** Where the page is written. */
export const CONFIG_REFERENCE_PATH = join(root, 'docs/CONFIG-REFERENCE.md');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { writeFileSync } = await import('node:fs');
  const text = await renderConfigReference();
  writeFileSync(CONFIG_REFERENCE_PATH, text);
  console.log(`wrote ${CONFIG_REFERENCE_PATH} (${text.split('\n').length} lines)`);
}

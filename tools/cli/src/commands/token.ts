// `faultline token create|revoke|list`: API tokens for sentry-cli uploads and the management API.
import { json, table, cell } from '../format.js';
import { listFlag, requiredFlag } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

/** `token create --name N [--scope S]…`: the token is the last line, shown once. */
export const tokenCreateCommand: Command = {
  words: ['token', 'create'],
  summary: 'Create an API token; print it (once, never again) as the last line.',
  usage: 'faultline token create --name NAME [--scope SCOPE]…',
  details: [
    '  --name NAME     who or what uses it, e.g. "ci uploads" (required)',
    '  --scope SCOPE   a permission, repeatable: project:releases (source map uploads), project:write, …',
    '',
    'Only a SHA-256 hash is stored; send the token as "Authorization: Bearer <token>"',
    '(for sentry-cli: SENTRY_AUTH_TOKEN=<token>).',
  ],
  flags: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
  positionals: { names: [], required: 0 },
  async run(args, { io, withStore }) {
    const name = requiredFlag(args, 'name');
    const { token, record } = await withStore(({ store }) => store.createApiToken({ name, scopes: listFlag(args, 'scope') }));
    io.out(`Created API token ${record.id} "${record.name}" (scopes: ${record.scopes.join(' ') || 'none'})`);
    io.out('Store it now; it is not shown again:');
    io.out(token);
  },
};

/** `token revoke <id>`. */
export const tokenRevokeCommand: Command = {
  words: ['token', 'revoke'],
  summary: 'Revoke an API token (by the id `token create` and `token list` print).',
  usage: 'faultline token revoke <id>',
  details: [],
  flags: {},
  positionals: { names: ['<id>'], required: 1 },
  async run(args, { io, withStore }) {
    const raw = args.positionals[0];
    if (!/^\d+$/.test(raw)) throw new UsageError(`token id must be a number, got "${raw}"`);
    const record = await withStore(({ store }) => store.revokeApiToken(Number(raw)));
    io.out(`Revoked API token ${record.id} "${record.name}" at ${record.revokedAt?.toISOString()}`);
  },
};

/** `token list [--json]`. */
export const tokenListCommand: Command = {
  words: ['token', 'list'],
  summary: 'List API tokens (never their secrets).',
  usage: 'faultline token list [--json]',
  details: [],
  flags: { json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, { io, withStore }) {
    const tokens = await withStore(({ store }) => store.listApiTokens());
    if (args.values.json) {
      io.out(json(tokens));
      return;
    }
    const header = ['ID', 'NAME', 'SCOPES', 'STATUS', 'CREATED', 'LAST USED'];
    const body = tokens.map((t) => [
      String(t.id),
      t.name,
      t.scopes.join(' ') || '-',
      t.revokedAt === null ? 'active' : 'revoked',
      t.createdAt.toISOString(),
      cell(t.lastUsedAt?.toISOString()),
    ]);
    for (const line of table([header, ...body])) io.out(line);
  },
};

// `faultline key create|revoke|list`.
import type { ProjectKeyRecord } from '@faultline/platform-projects';

import { listFlag, positiveIntFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { cell, json, table } from '../format.js';

/** `key create --project <slug>`: a new key; the DSN is the last line. */
export const keyCreateCommand: Command = {
  words: ['key', 'create'],
  summary: 'Add a public key to a project; print its DSN as the last line.',
  usage:
    'faultline key create --project SLUG [--label LABEL] [--rate-limit-per-second N] [--rate-limit-per-minute N] [--burst N] [--allowed-origin ORIGIN]…',
  details: [
    '  --project SLUG              the project (required)',
    '  --label LABEL               what the key is for (default "Default")',
    '  --rate-limit-per-second N   events per second this key may send (default: no per-key limit)',
    '  --rate-limit-per-minute N   events per minute this key may send',
    '  --burst N                   events allowed at once above the per-second rate',
    '  --allowed-origin ORIGIN     browser origin accepted for this key, repeatable ("*" for any;',
    "                              default: the project's allowed origins)",
  ],
  flags: {
    project: { type: 'string' },
    label: { type: 'string' },
    'rate-limit-per-second': { type: 'string' },
    'rate-limit-per-minute': { type: 'string' },
    burst: { type: 'string' },
    'allowed-origin': { type: 'string', multiple: true },
  },
  positionals: { names: [], required: 0 },
  async run(args, { io, withStore }) {
    const slug = requiredFlag(args, 'project');
    const input = {
      label: stringFlag(args, 'label'),
      rateLimitPerSecond: positiveIntFlag(args, 'rate-limit-per-second'),
      rateLimitPerMinute: positiveIntFlag(args, 'rate-limit-per-minute'),
      burst: positiveIntFlag(args, 'burst'),
      allowedOrigins: listFlag(args, 'allowed-origin').length > 0 ? listFlag(args, 'allowed-origin') : undefined,
    };
    const { key, dsn } = await withStore(async (session) => {
      const created = await session.store.createKey(slug, input);
      return { key: created, dsn: session.dsn(created.publicKey, created.projectId) };
    });
    io.out(`Created key ${key.publicKey} (${key.label}) for project ${slug} (id ${key.projectId})`);
    io.out(`  limits:   ${limits(key)}`);
    io.out(`  origins:  ${key.allowedOrigins === null ? "the project's" : key.allowedOrigins.join(' ')}`);
    io.out('DSN:');
    io.out(dsn);
  },
};

/** `key revoke <public-key>`. */
export const keyRevokeCommand: Command = {
  words: ['key', 'revoke'],
  summary: 'Revoke a public key for good (ingest answers 403 "key revoked" within seconds).',
  usage: 'faultline key revoke <public-key>',
  details: ['Revoking an already revoked key changes nothing and succeeds.'],
  flags: {},
  positionals: { names: ['<public-key>'], required: 1 },
  async run(args, { io, withStore }) {
    const key = await withStore(({ store }) => store.revokeKey(args.positionals[0]));
    io.out(`Revoked key ${key.publicKey} (${key.label}) of project id ${key.projectId} at ${key.revokedAt?.toISOString()}`);
  },
};

/** `key list --project <slug> [--json]`. */
export const keyListCommand: Command = {
  words: ['key', 'list'],
  summary: "List a project's keys, revoked ones included, with status, limits and DSN.",
  usage: 'faultline key list --project SLUG [--json]',
  details: ['  --json   print a JSON array of keys (each with "status" and "dsn")'],
  flags: { project: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, { io, withStore }) {
    const slug = requiredFlag(args, 'project');
    const rows = await withStore(async ({ store, dsn }) =>
      (await store.listKeys(slug)).map((key) => ({ ...key, status: status(key), dsn: dsn(key.publicKey, key.projectId) })),
    );
    if (args.values.json) {
      io.out(json(rows));
      return;
    }
    const header = ['PUBLIC KEY', 'LABEL', 'STATUS', 'LIMITS', 'ORIGINS', 'DSN'];
    const body = rows.map((k) => [k.publicKey, k.label, k.status, limits(k), cell(k.allowedOrigins?.join(' ')), k.dsn]);
    for (const line of table([header, ...body])) io.out(line);
  },
};

function status(key: ProjectKeyRecord): string {
  if (key.revokedAt !== null) return 'revoked';
  return key.enabled ? 'active' : 'disabled';
}

function limits(key: ProjectKeyRecord): string {
  const parts = [
    key.rateLimitPerSecond === null ? undefined : `${key.rateLimitPerSecond}/s`,
    key.rateLimitPerMinute === null ? undefined : `${key.rateLimitPerMinute}/min`,
    key.burst === null ? undefined : `burst ${key.burst}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

// `node tools/fake-github/dist/main.js`: the fake as a process, for tests that run services and
// GitHub in separate processes (and for trying `npm run up` against something GitHub-shaped).
// Settings: FAKE_GITHUB_PORT (default 0 = free; the URL is printed), FAKE_GITHUB_APP_ID and
// FAKE_GITHUB_PUBLIC_KEY_FILE (an App), FAKE_GITHUB_INSTALLATIONS ("77:acme,78:other"),
// FAKE_GITHUB_TOKENS (comma-separated accepted tokens), FAKE_GITHUB_WEBHOOK_URL and
// FAKE_GITHUB_WEBHOOK_SECRET (where user actions are delivered). Control routes: GET
// /_fake/issues, /_fake/requests, /_fake/validation-problems; POST /_fake/faults;
// POST /_fake/issues/{owner}/{repo}/{number}/{close|reopen|delete}.
import { readFileSync } from 'node:fs';
import { FakeGitHub } from './fake-github.js';

const env = process.env;
const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const fake = new FakeGitHub({
  port: Number(env.FAKE_GITHUB_PORT ?? 0),
  app: env.FAKE_GITHUB_APP_ID && env.FAKE_GITHUB_PUBLIC_KEY_FILE ? { id: Number(env.FAKE_GITHUB_APP_ID), publicKey: readFileSync(env.FAKE_GITHUB_PUBLIC_KEY_FILE, 'utf8') } : undefined,
  installations: list(env.FAKE_GITHUB_INSTALLATIONS).map((pair) => {
    const [id, account] = pair.split(':');
    return { id: Number(id), account: account! };
  }),
  tokens: list(env.FAKE_GITHUB_TOKENS),
  webhook: env.FAKE_GITHUB_WEBHOOK_URL ? { url: env.FAKE_GITHUB_WEBHOOK_URL, secret: env.FAKE_GITHUB_WEBHOOK_SECRET ?? '' } : undefined,
});
const url = await fake.start();
process.stdout.write(`${JSON.stringify({ event: 'ready', url })}\n`);
const stop = () => void fake.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

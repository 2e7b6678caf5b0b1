#!/usr/bin/env node
// `npm run up`: brings the local pipeline up from a fresh clone. Installs dependencies
// if needed, makes sure NATS (JetStream) and PostgreSQL answer (starting the local
// servers when they are installed but stopped), starts an S3-compatible store (s3rver,
// data under .faultline/) unless S3_ENDPOINT is set, builds, provisions the streams,
// then starts every service that exists under services/ and stays in the foreground.
// `npm run down` (or Ctrl-C) stops what it started.
import { spawn, spawnSync } from 'node:child_process';
import { serviceNodeFlags } from './node-flags.mjs';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';

const STATE = '.faultline';
const env = { ...process.env };
const say = (line) => console.log(`[up] ${line}`);

function run(cmd, args, what) {
  say(what);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[up] failed: ${what}`);
    process.exit(1);
  }
}

function reachable(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const which = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

async function ensureServer({ name, url, defaultPort, binary, install, start }) {
  const { hostname, port } = new URL(url);
  const portNumber = Number(port || defaultPort);
  if (await reachable(hostname, portNumber)) return say(`${name} is up at ${hostname}:${portNumber}`);
  const local = hostname === '127.0.0.1' || hostname === 'localhost';
  if (!local) {
    console.error(`[up] ${name} does not answer at ${hostname}:${portNumber} (from the environment); start it or fix the URL.`);
    process.exit(1);
  }
  if (!which(binary)) {
    console.error(`[up] ${name} is not installed. Install it with: ${install}`);
    process.exit(1);
  }
  say(`starting ${name}`);
  spawnSync('sh', ['-c', start], { stdio: 'inherit' });
  if (!(await waitFor(hostname, portNumber, 20))) {
    console.error(`[up] ${name} did not come up at ${hostname}:${portNumber}`);
    process.exit(1);
  }
  say(`${name} is up at ${hostname}:${portNumber}`);
}

if (!existsSync('node_modules/.package-lock.json')) run('npm', ['ci', '--no-audit', '--no-fund'], 'installing dependencies (npm ci)');

env.NATS_URL ??= 'nats://127.0.0.1:4222';
env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
await ensureServer({
  name: 'NATS (JetStream)',
  url: env.NATS_URL.replace(/^nats:/, 'http:'),
  defaultPort: 4222,
  binary: 'nats-server',
  install: 'apt-get install -y nats-server',
  start: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
});
await ensureServer({
  name: 'PostgreSQL',
  url: env.DATABASE_URL.replace(/^postgres(ql)?:/, 'http:'),
  defaultPort: 5432,
  binary: 'pg_ctlcluster',
  install: 'apt-get install -y postgresql',
  start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
});

mkdirSync(`${STATE}/s3`, { recursive: true });
const children = [];
if (!env.S3_ENDPOINT) {
  env.S3_ENDPOINT = 'http://127.0.0.1:9000';
  env.S3_ACCESS_KEY = 'S3RVER';
  env.S3_SECRET_KEY = 'S3RVER';
  env.S3_BUCKET ??= 'faultline';
  if (await reachable('127.0.0.1', 9000)) {
    say('an S3-compatible store already answers on 127.0.0.1:9000; using it');
  } else {
    const s3 = spawn(process.execPath, ['node_modules/s3rver/bin/s3rver.js', '-d', `${STATE}/s3`, '-a', '127.0.0.1', '-p', '9000', '--silent'], { stdio: 'inherit' });
    children.push({ name: 's3rver', child: s3 });
    if (!(await waitFor('127.0.0.1', 9000, 10))) {
      console.error('[up] s3rver did not start on 127.0.0.1:9000');
      process.exit(1);
    }
    say(`object storage (s3rver) at ${env.S3_ENDPOINT}, data in ${STATE}/s3`);
  }
}

// The five services, in pipeline order, each on its documented default port.
const PORTS = { ingest: 'INGEST_PORT', enrichment: 'ENRICHMENT_PORT', clustering: 'CLUSTERING_PORT', 'alert-router': 'ALERT_ROUTER_PORT', 'github-issues': 'GITHUB_ISSUES_PORT' };
Object.entries(PORTS).forEach(([, variable], i) => (env[variable] ??= String(8080 + i)));
const urlOf = (name) => `http://127.0.0.1:${env[PORTS[name]]}`;
env.FAULTLINE_PUBLIC_URL ??= urlOf('ingest');
env.ENRICHMENT_PUBLIC_URL ??= urlOf('enrichment');
env.LOG_LEVEL ??= 'info';
run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], 'building (nx run-many -t build)');
run(process.execPath, ['scripts/provision.mjs'], 'provisioning streams');
run(process.execPath, ['bin/faultline.mjs', 'migrate'], 'running database migrations (faultline migrate)');

// One log stream: every service's JSON lines, made readable by pino-pretty on a terminal.
let prettyStream;
if (process.stdout.isTTY) {
  const { default: pretty } = await import('pino-pretty');
  prettyStream = pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', messageKey: 'msg' });
  prettyStream.pipe(process.stdout);
}
function logStream(child) {
  if (!prettyStream) {
    child.stdout.pipe(process.stdout, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
    return;
  }
  for (const source of [child.stdout, child.stderr]) {
    let rest = '';
    source.on('data', (chunk) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop();
      // pino-pretty passes lines that are not JSON through unchanged.
      for (const line of lines) prettyStream.write(`${line}\n`);
    });
  }
}

async function ready(name, seconds = 60) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await fetch(`${urlOf(name)}/readyz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const services = Object.keys(PORTS).filter((name) => existsSync(`services/${name}/dist/main.js`));
for (const name of services) {
  const child = spawn(process.execPath, [...serviceNodeFlags(name), `services/${name}/dist/main.js`], { stdio: ['ignore', 'pipe', 'pipe'], env });
  logStream(child);
  children.push({ name, child });
  child.on('exit', (code, signal) => say(`${name} exited (${signal ?? code})`));
  say(`started ${name} (pid ${child.pid}) on ${urlOf(name)}`);
}
for (const name of services) {
  if (!(await ready(name))) say(`WARNING: ${name} is not ready after 60 s (see its log lines above; GET ${urlOf(name)}/readyz)`);
}
if (services.length === 0) say('no service is built under services/ yet: the platform (NATS streams, PostgreSQL, object storage) is up');

// A demo project, so that a frontend can be pointed at the stack right away.
const cli = (args) => spawnSync(process.execPath, ['bin/faultline.mjs', ...args], { env, encoding: 'utf8' });
const listed = cli(['project', 'list', '--json']);
let demo = listed.status === 0 ? JSON.parse(listed.stdout).find((p) => p.slug === 'demo') : undefined;
if (!demo) {
  const created = cli(['project', 'create', 'demo', ...(env.GITHUB_REPOSITORY ? ['--github-repo', env.GITHUB_REPOSITORY] : [])]);
  if (created.status !== 0) console.error(`[up] could not create the demo project: ${created.stderr.trim()}`);
  demo = { dsn: created.stdout.trim().split('\n').pop() };
}

const github = env.GITHUB_TOKEN || env.GITHUB_APP_ID
  ? `GitHub issues go to ${env.GITHUB_REPOSITORY ?? "each project's --github-repo"} through ${env.GITHUB_API_URL ?? 'https://api.github.com'}`
  : `no GitHub credentials (GITHUB_TOKEN or GITHUB_APP_ID): dry run, rendered issues are written to ${env.GITHUB_DRY_RUN_DIR ?? '.faultline/github-dry-run'}/`;
writeFileSync(`${STATE}/up.pid`, JSON.stringify({ up: process.pid, children: children.map((c) => ({ name: c.name, pid: c.child.pid })) }));
const summary = [
  `ready. NATS ${env.NATS_URL}, PostgreSQL ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}, S3 ${env.S3_ENDPOINT}`,
  services.includes('ingest') && `ingest gateway (point your DSN here): ${urlOf('ingest')}`,
  services.includes('enrichment') && `source map uploads (SENTRY_URL for sentry-cli): ${urlOf('enrichment')}`,
  services.includes('clustering') && `clustering: ${urlOf('clustering')}`,
  services.includes('alert-router') && `alert router (Alertmanager API v2, amtool --alertmanager.url): ${urlOf('alert-router')}`,
  services.includes('github-issues') && `GitHub issues: ${urlOf('github-issues')} (webhook: ${urlOf('github-issues')}/api/github/webhooks)`,
  github,
  `demo project DSN: ${demo?.dsn ?? 'unavailable'}`,
  "tail a stream with: nats sub 'events.>'   ·   stop with Ctrl-C or npm run down",
].filter(Boolean);
for (const line of summary) say(line);

const stop = () => {
  for (const { child } of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);

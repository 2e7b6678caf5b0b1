// Runs test/replica-process.ts as a child process and collects its reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createHarness, type Harness } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..');

/** One report line of a replica process. */
export interface ReplicaEvent {
  event: 'ready' | 'started' | 'settled' | 'closed';
  seq?: number;
  delivery?: number;
  outcome?: string;
}

/** A replica running in its own process. */
export interface ReplicaProcess {
  child: ChildProcess;
  events: ReplicaEvent[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** Spawns a replica process with the given REPLICA_* environment. */
export function spawnReplica(env: Record<string, string>): ReplicaProcess {
  const child = spawn(process.execPath, ['--conditions=@faultline/source', '--import', 'tsx', resolve(here, 'replica-process.ts')], {
    cwd: projectRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(projectRoot, '../../../tsconfig.tsx.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ReplicaEvent[] = [];
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    onReady = resolveReady;
    child.once('exit', (code) => rejectReady(new Error(`replica exited (${code}) before ready: ${err}`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const event = JSON.parse(line) as ReplicaEvent;
      events.push(event);
      if (event.event === 'ready') onReady();
    } catch {
      // Not a report line (a stray log): ignore.
    }
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  ready.catch(() => undefined);
  return { child, events, ready, exited, stderr: () => err };
}

/** Per-test state of a suite that runs replica processes against a fresh namespace. */
export interface ProcessSuite {
  /** The current test's harness (a fresh namespace). */
  readonly h: Harness;
  /** Starts a replica in this test's namespace; it is killed after the test. */
  spawn(env?: Record<string, string>): ReplicaProcess;
}

/**
 * Registers beforeEach/afterEach that give every test a fresh namespace and kill its
 * replica processes afterwards. Call inside `describe`.
 */
export function useProcessSuite(): ProcessSuite {
  let harness: Harness | undefined;
  const running: ReplicaProcess[] = [];
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
    await harness?.close();
  });
  return {
    get h() {
      if (!harness) throw new Error('useProcessSuite: no test is running');
      return harness;
    },
    spawn(env = {}) {
      const replica = spawnReplica({ REPLICA_PREFIX: this.h.prefix, ...env });
      running.push(replica);
      return replica;
    },
  };
}

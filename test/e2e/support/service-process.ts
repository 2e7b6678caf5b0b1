// One Faultline service run as its own process from its build (`services/<name>/dist/main.js`),
// as `npm run up` and a Deployment run it, so that the end-to-end tests can kill it with -9
// and start it again. Its output is kept (the last lines) to explain a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { serviceNodeFlags } from '../../../scripts/node-flags.mjs';

/** Lines of output kept per process, and the characters kept of each (a log line can be huge). */
const KEPT_LINES = 400;
const KEPT_LINE_CHARS = 2_000;

export interface ServiceProcessOptions {
  /** Directory under services/. */
  name: string;
  /** HTTP port the service listens on (its /readyz is polled). */
  port: number;
  env: NodeJS.ProcessEnv;
  /** How long to wait for /readyz to answer 200 (default 60 s). */
  readyTimeoutMs?: number;
  /** Start the process again whenever it exits unasked (as Kubernetes restarts a pod's container). */
  supervise?: boolean;
  /** Extra node flags (benchmarks: `--cpu-prof`, heap limits). */
  nodeArgs?: string[];
}

/** A running service process that can be killed and started again with the same settings. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private readonly lines: string[] = [];
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Length of the longest line the process wrote (a service logging whole payloads shows here). */
  longestLine = 0;
  /** Exit codes or signals of earlier runs, oldest first. */
  readonly exits: string[] = [];

  constructor(private readonly options: ServiceProcessOptions) {
    if (!existsSync(this.entry)) {
      throw new Error(`${this.entry} does not exist: build first (npx nx run-many -t build)`);
    }
  }

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private get entry(): string {
    return `services/${this.options.name}/dist/main.js`;
  }

  /** Starts the process and resolves once /readyz answers 200. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.stopping = false;
    this.spawnChild();
    await this.waitReady(this.options.readyTimeoutMs ?? 60_000);
  }

  private spawnChild(): void {
    const child = spawn(process.execPath, [...serviceNodeFlags(this.options.name), ...(this.options.nodeArgs ?? []), this.entry], { env: this.options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        if (line.length > this.longestLine) this.longestLine = line.length;
        this.lines.push(line.length > KEPT_LINE_CHARS ? `${line.slice(0, KEPT_LINE_CHARS)}… (${line.length} characters)` : line);
        if (this.lines.length > KEPT_LINES) this.lines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      this.exits.push(signal ?? String(code));
      // Supervised like a Deployment's pod: a process that dies is started again, with back-off.
      if (this.options.supervise && !this.stopping) {
        const attempt = this.exits.length;
        const delay = Math.min(5_000, 250 * 2 ** Math.min(attempt, 5));
        this.restartTimer = setTimeout(() => {
          if (!this.stopping && this.child === child) this.spawnChild();
        }, delay);
      }
    });
  }

  /** Sends `signal` and waits for the exit; a supervised process is not started again. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kill -9. A supervised process is then started again by its supervisor; an unsupervised one here. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    if (!this.options.supervise) this.spawnChild();
  }

  /** Kill -9, then wait until it is ready again. */
  async crashAndRestart(): Promise<void> {
    await this.crash();
    await this.waitReady(this.options.readyTimeoutMs ?? 60_000);
  }

  /** Resolves once the (supervised) process answers /readyz again. */
  async ready(timeoutMs = this.options.readyTimeoutMs ?? 60_000): Promise<void> {
    await this.waitReady(timeoutMs);
  }

  /** The last lines the process wrote, for failure messages. */
  logs(): string {
    return this.lines.join('\n');
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (!this.running && !this.options.supervise) throw new Error(`${this.name} exited (${this.exits.at(-1)}) before it was ready:\n${this.logs()}`);
      try {
        const response = await fetch(`${this.url}/readyz`);
        if (response.status === 200) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms (${last}):\n${this.logs()}`);
  }
}

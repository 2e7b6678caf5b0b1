// A private nats-server (JetStream, its own store directory) for the chaos test, which restarts
// it under load: the machine's shared server on 4222 serves other test files at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';

export const NATS_SERVER = '/usr/sbin/nats-server';

export class NatsProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (!(await this.accepting())) {
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops the server (`signal`, SIGTERM by default: a clean shutdown) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  async restart(downMs = 1_000): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  private accepting(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = tcpConnect({ host: '127.0.0.1', port: this.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}

// Starts test/support/s3rver-process.ts as a child process (see there for why) and stops it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running s3rver process. */
export interface S3rverChild {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Spawns s3rver through tsx and waits for its endpoint. */
export async function startS3rverChild(): Promise<S3rverChild> {
  const script = fileURLToPath(new URL('./s3rver-process.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
  const child = spawn(tsx, ['--conditions', '@faultline/source', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += String(d);
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`s3rver process exited with ${code} before it was ready`)));
  });
  const info = JSON.parse(line) as Omit<S3rverChild, 'stop'>;
  return {
    ...info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

#!/usr/bin/env node
// `npm run down`: stops what `npm run up` started (the shared NATS and PostgreSQL
// servers are left running: other things on the machine may use them).
import { existsSync, readFileSync, rmSync } from 'node:fs';

const file = '.faultline/up.pid';
if (!existsSync(file)) {
  console.log('[down] nothing to stop (no .faultline/up.pid)');
  process.exit(0);
}
const { up, children } = JSON.parse(readFileSync(file, 'utf8'));
for (const { name, pid } of [...children, { name: 'npm run up', pid: up }]) {
  try {
    process.kill(pid, 'SIGTERM');
    console.log(`[down] stopped ${name} (pid ${pid})`);
  } catch {
    console.log(`[down] ${name} (pid ${pid}) was not running`);
  }
}
rmSync(file);

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/core/redis/embedded.js';
import { testRedisUrl } from './helpers/redis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'svyazka-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), SVYAZKA_DATA_DIR: dataDir, LOG_LEVEL: 'info', REDIS_URL: '', SVYAZKA_ADMIN_TOKEN: '', SVYAZKA_SECRET_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`hub exited early:\n${out}`);
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) return { child, base, output: () => out };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`hub did not become ready:\n${out}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    child.once('exit', (code) => res(code));
    child.kill('SIGTERM');
  });
}

describe('npm start (embedded default)', () => {
  it('starts with a private Redis and the demo, prints the admin key once, and stops cleanly', async () => {
    const first = await start();
    const key = /export SVYAZKA_KEY=(svz_\S+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const quote = await fetch(`${first.base}/v1/quotes`, { method: 'POST', headers: auth, body: JSON.stringify({ destination: { country: 'RU', city: 'Москва' }, items: [{ sku: 'MUG-CLASSIC', qty: 1 }] }) });
    expect(quote.status).toBe(200);
    expect(((await quote.json()) as any).options[0].connectorId).toBe('own-courier');
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o077).toBe(0);
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).not.toContain('unhandled');

    // Second start on the same data: the key persisted (AOF), is not printed again, demo not re-seeded.
    const second = await start();
    expect(second.output()).not.toContain('export SVYAZKA_KEY=');
    const orders = await fetch(`${second.base}/v1/orders`, { headers: auth });
    expect(orders.status).toBe(200);
    expect(second.output()).not.toContain(key!);
    expect(await stop(second.child)).toBe(0);
  }, 60_000);

  it('refuses a bad environment with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'eighty', SVYAZKA_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (b) => (err += b));
    const code = await new Promise((res) => child.once('exit', res));
    expect(code).toBe(1);
    expect(err).toContain('PORT');
  }, 30_000);

  it('refuses to start with another SVYAZKA_SECRET_KEY than the one its Redis was set up with', async () => {
    const env = { REDIS_URL: testRedisUrl(), SVYAZKA_KEY_PREFIX: `keycheck${Date.now()}`, SVYAZKA_ADMIN_TOKEN: 'main-test-admin-token-0123456789', SVYAZKA_DEMO: 'false' };
    const first = await start({ ...env, SVYAZKA_SECRET_KEY: 'the-first-secret-key-0123456789' });
    expect(await stop(first.child)).toBe(0);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...process.env, PORT: String(port), SVYAZKA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env, SVYAZKA_SECRET_KEY: 'another-secret-key-0123456789xx' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    expect(await new Promise((res) => child.once('exit', res))).toBe(1);
    expect(out).toContain('SVYAZKA_SECRET_KEY is not the key');
    expect(out).not.toContain('another-secret-key');
    // The right key still starts.
    const again = await start({ ...env, SVYAZKA_SECRET_KEY: 'the-first-secret-key-0123456789' });
    expect(await stop(again.child)).toBe(0);
  }, 60_000);
});

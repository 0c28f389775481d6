import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedRedis, freePort, type EmbeddedRedis } from '../src/core/redis/embedded.js';
import { traceFlags } from './trace/record.js';

export interface Row {
  section: string;
  what: string;
  median: string;
  baseline?: string;
  ratio?: string;
  note?: string;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function benchRedis(): Promise<EmbeddedRedis> {
  return startEmbeddedRedis({ dir: mkdtempSync(join(tmpdir(), 'svyazka-bench-redis-')), appendonly: true });
}

/**
 * The Node flags the hub runs with, read from `npm start`'s NODE_OPTIONS so the two cannot drift
 * (README, "Environment"). The hub's servers get them; the bare baselines keep Node's defaults.
 */
const HUB_NODE_FLAGS = (() => {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return /NODE_OPTIONS="([^"$]*)\$NODE_OPTIONS"/.exec(start)?.[1]!.split(' ').filter(Boolean) ?? [];
})();

/**
 * Starts `tsx <script>` as a child process and waits for it to print `READY <port>`.
 * BENCH_NODE_FLAGS adds Node flags to every server; BENCH_TRACE loads the quote stamps (bench/trace).
 */
export async function startServer(script: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  const port = Number(env.PORT ?? (await freePort()));
  const hubFlags = /(^|\/)bare-[^/]+\.ts$/.test(script) ? [] : HUB_NODE_FLAGS;
  const child = spawn(process.execPath, [...hubFlags, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...traceFlags(), '--import', 'tsx', script], { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`${script} did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b;
      if (out.includes('READY')) {
        clearTimeout(t);
        res();
      }
    });
    child.once('exit', (code) => rej(new Error(`${script} exited with ${code}: ${out}`)));
  });
  return {
    child,
    port,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon against one URL; latencies in milliseconds. */
export async function load(opts: { url: string; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string>; connections: number; seconds: number }): Promise<LoadResult> {
  const r = await autocannon({ url: opts.url, method: opts.method ?? 'GET', body: opts.body, headers: opts.headers, connections: opts.connections, duration: opts.seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

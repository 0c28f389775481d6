import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface EmbeddedRedis {
  url: string;
  port: number;
  /** Stops the server (SHUTDOWN, so AOF is flushed) and waits for the process to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  /** Data folder (AOF lives here). */
  dir: string;
  port?: number;
  appendonly?: boolean;
  /** Extra `--flag value` pairs. */
  args?: string[];
}

export class RedisNotInstalledError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
        'or run `npm run setup`), or point the hub at an existing Redis with REDIS_URL=redis://host:6379.',
    );
  }
}

export function findRedisServer(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || throwMissing();
  } catch {
    return throwMissing();
  }
}
function throwMissing(): never {
  throw new RedisNotInstalledError();
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts a private redis-server on 127.0.0.1 with the settings queues need (AOF, noeviction).
 * Used by `npm start` without REDIS_URL, by the test harness and by the benchmarks.
 */
export async function startEmbeddedRedis(opts: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const bin = findRedisServer();
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', opts.appendonly === false ? 'no' : 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    ...(opts.args ?? []),
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (b: Buffer) => {
    if (output.length < 20_000) output += b.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await waitReady(child, () => output);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child, port),
  };
}

function waitReady(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`redis-server did not start within 10 s:\n${output()}`));
    }, 10_000);
    const check = () => {
      if (/Ready to accept connections/i.test(output())) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        res();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`redis-server exited with code ${code}:\n${output()}`));
    });
  });
}

async function stopChild(child: ChildProcess, _port: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      res();
    });
    // SIGTERM makes redis-server flush the AOF and exit cleanly.
    child.kill('SIGTERM');
  });
}

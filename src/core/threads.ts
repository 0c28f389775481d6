import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this code base, whether the hub runs from compiled
 * JavaScript (`dist/`) or from TypeScript source under tsx or vitest: a thread does not inherit
 * the TypeScript loader, so for a `.ts` module it registers tsx first.
 *
 * The thread gets V8's default young generation even when the process runs with larger
 * semi-spaces (README, "Environment"): they suit the API thread's request churn, but a parse
 * allocates fast enough to grow a thread's young generation to the full size, which would push a
 * 1C import past its memory goal. The flag beats a thread's `resourceLimits`, and V8 reads it only
 * when it sets up a heap, so clearing it here leaves the main thread's heap as it is.
 *
 * @param module the module's URL as compiled, e.g. `new URL('./x-thread.js', import.meta.url)`
 */
export function startModuleWorker(module: URL, opts: WorkerOptions = {}): Worker {
  setFlagsFromString('--max-semi-space-size=0');
  const path = fileURLToPath(module);
  if (existsSync(path)) return new Worker(module, opts);
  const source = path.replace(/\.js$/, '.ts');
  if (!existsSync(source)) throw new Error(`worker module ${path} not found (nor its TypeScript source)`);
  const code = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); })`;
  return new Worker(code, { ...opts, eval: true });
}

/** tsx's ESM API (`tsx/esm/api`), located through its package's export map. */
function tsxApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  return pathToFileURL(join(dirname(pkg), entry)).href;
}

/**
 * Lowers the calling thread's CPU priority (Linux `nice`, per thread), so a long background job on
 * a busy machine yields the CPU to the threads that answer requests. False where not supported.
 */
export function lowerThreadPriority(niceness: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid)) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}

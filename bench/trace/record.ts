import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * BENCH_TRACE=<dir>: the quote benchmark stamps every quote and courier call, in the servers
 * (preload.mjs), in the simulated couriers and around each load, on the one monotonic clock all
 * processes share. `npx tsx bench/trace/timeline.ts <dir>` then says where a quote's time went.
 */
export const traceDir = process.env.BENCH_TRACE;

/** Node flags that load the servers' stamps (preload.mjs) when tracing. */
export function traceFlags(): string[] {
  return traceDir ? ['--import', fileURLToPath(new URL('./preload.mjs', import.meta.url))] : [];
}

/** Milliseconds on CLOCK_MONOTONIC, as preload.mjs stamps them. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs one load and, when tracing, notes its window under `label` (loads.jsonl). */
export async function tracedLoad<T>(label: string, load: () => Promise<T>): Promise<T> {
  const from = monotonicMs();
  const out = await load();
  if (traceDir) appendFileSync(join(traceDir, 'loads.jsonl'), `${JSON.stringify({ label, from, to: monotonicMs() })}\n`);
  return out;
}

/** One answer of a simulated courier: its port, then handler start, answer written, write returned. */
export type SimStamp = [port: number, start: number, writing: number, written: number];

/** The simulated couriers' stamps of this process, written to <dir>/sims-<pid>.json at exit. */
export const simStamps: SimStamp[] | undefined = traceDir ? [] : undefined;
if (simStamps) {
  process.on('exit', () => {
    if (simStamps.length) writeFileSync(join(traceDir!, `sims-${process.pid}.json`), JSON.stringify(simStamps));
  });
}

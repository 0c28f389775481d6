import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../lib.js';
import type { SimStamp } from './record.js';

/**
 * Where a cache-defeated quote's time went, from a run with BENCH_TRACE=<dir>:
 *
 *   BENCH_TRACE=/tmp/t BENCH_QUOTE_LOADS=miss npx tsx bench/quotes.ts
 *   npx tsx bench/trace/timeline.ts /tmp/t
 *
 * For each traced load, the medians over its quotes of each step of the courier call that
 * answered last, matched to the simulated courier's own stamps (same port, first request the sim
 * took after the hub wrote it). The minimal quote service's load gives only its whole quote.
 */

interface Call {
  origin: string;
  path: string;
  created: number;
  sent?: number;
  headers?: number;
  done?: number;
}
interface Quote {
  path: string;
  start: number;
  end?: number;
  calls: Call[];
}
interface Load {
  label: string;
  from: number;
  to: number;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx bench/trace/timeline.ts <the BENCH_TRACE directory>');
  process.exit(2);
}
const files = readdirSync(dir);
const read = <T>(prefix: string): T[] => files.filter((f) => f.startsWith(prefix)).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T[]);
const quotes = read<Quote>('server-').filter((q) => q.end !== undefined);
const loads = readFileSync(join(dir, 'loads.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Load);

// The sims' stamps by port, in the order they took the requests, each matched at most once.
const byPort = new Map<number, SimStamp[]>();
for (const s of read<SimStamp>('sims-').sort((a, b) => a[1] - b[1])) {
  const list = byPort.get(s[0]);
  if (list) list.push(s);
  else byPort.set(s[0], [s]);
}
const used = new Set<SimStamp>();
/** A request reaches a sim within milliseconds; a later stamp is another request (this one hung). */
const MAX_TRANSIT_MS = 100;
function simOf(call: Call): SimStamp | undefined {
  const found = byPort.get(Number(new URL(call.origin).port))?.find((s) => s[1] >= call.sent! && s[1] - call.sent! < MAX_TRANSIT_MS && !used.has(s));
  if (found) used.add(found);
  return found;
}

const WHOLE = 'whole quote: request headers in → answer written';
const STEPS = [
  'request headers in → last courier request written',
  'last-answered call: written → its handler starts in the sim',
  '… in the sim until it writes the answer (latency)',
  '… the sim writes it',
  '… written → the hub has parsed its headers',
  '… its headers → the quote answer written',
  'the sims wrote the quote\'s answers within',
  WHOLE,
] as const;

const table = new Map<string, Map<(typeof STEPS)[number], number[]>>();
for (const load of loads) {
  const steps = new Map<(typeof STEPS)[number], number[]>(STEPS.map((s) => [s, []]));
  const push = (step: (typeof STEPS)[number], v: number) => steps.get(step)!.push(v);
  for (const q of quotes) {
    if (q.start < load.from || q.start > load.to) continue;
    push(WHOLE, q.end! - q.start);
    const calls = q.calls.filter((c) => c.sent !== undefined && c.done !== undefined);
    if (!calls.length) continue;
    const last = calls.reduce((a, b) => (b.done! > a.done! ? b : a));
    const sims = calls.map((c) => [c, simOf(c)] as const);
    const sim = sims.find(([c]) => c === last)?.[1];
    push('request headers in → last courier request written', Math.max(...calls.map((c) => c.sent!)) - q.start);
    const written = sims.flatMap(([, s]) => (s ? [s[3]] : []));
    if (written.length > 1) push('the sims wrote the quote\'s answers within', Math.max(...written) - Math.min(...written));
    if (!sim) continue;
    push('last-answered call: written → its handler starts in the sim', sim[1] - last.sent!);
    push('… in the sim until it writes the answer (latency)', sim[2] - sim[1]);
    push('… the sim writes it', sim[3] - sim[2]);
    push('… written → the hub has parsed its headers', last.headers! - sim[3]);
    push('… its headers → the quote answer written', q.end! - last.headers!);
  }
  table.set(load.label, steps);
}

const labels = [...table.keys()];
const cell = (xs: number[]) => (xs.length ? `${percentile(xs, 50).toFixed(2)}` : '–');
console.log(`Medians in ms (quotes per load: ${labels.map((l) => table.get(l)!.get(WHOLE)!.length).join(', ')})\n`);
console.log(`| step | ${labels.join(' | ')} |`);
console.log(`|---|${labels.map(() => '---').join('|')}|`);
for (const step of STEPS) console.log(`| ${step} | ${labels.map((l) => cell(table.get(l)!.get(step)!)).join(' | ')} |`);

import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fmt, type Row } from './lib.js';

/**
 * `npm run bench`: every section in one run, each against its baseline measured in the same run,
 * then the table into BENCHMARKS.md. `BENCH_ONLY=quotes,booking` runs a subset (and still writes
 * the file, so a partial table is never mistaken for the full one: the command is in it).
 */
const SECTIONS: { name: string; file: string; issue: string }[] = [
  { name: 'foundation', file: './foundation.ts', issue: 'HTTP overhead and confirmations (issue 2)' },
  { name: 'quotes', file: './quotes.ts', issue: 'Quotes from simulated couriers (issue 4)' },
  { name: 'commerceml', file: './commerceml.ts', issue: '1C CommerceML import (issue 3)' },
  { name: 'ingest', file: './ingest.ts', issue: 'Order intake (issue 6)' },
  { name: 'booking', file: './booking.ts', issue: 'Booking through the queue (issue 5)' },
];

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const chosen = SECTIONS.filter((s) => !only || only.includes(s.name));
const results: { section: (typeof SECTIONS)[number]; rows: Row[]; seconds: number; error?: string }[] = [];

for (const section of chosen) {
  if (!existsSync(new URL(section.file, import.meta.url))) continue;
  process.stderr.write(`bench: ${section.name}...\n`);
  const t0 = performance.now();
  try {
    const mod = (await import(section.file)) as { run(): Promise<Row[]> };
    const rows = await mod.run();
    results.push({ section, rows, seconds: (performance.now() - t0) / 1000 });
    console.table(rows);
  } catch (err) {
    // One broken section must not hide the others' numbers; the file says what failed.
    const error = err instanceof Error ? err.message : String(err);
    process.stderr.write(`bench: ${section.name} failed: ${error}\n`);
    results.push({ section, rows: [], seconds: (performance.now() - t0) / 1000, error });
  }
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|');
const cmd = only ? `BENCH_ONLY=${only.join(',')} npm run bench` : 'npm run bench';
const out: string[] = [
  '# Benchmarks',
  '',
  `Produced by \`${cmd}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB.`,
  'Every figure is the median of the rounds its section runs, next to a baseline measured in the same',
  'run on the same machine (bare Hono, bare parser, raw Redis); the load generator runs on the same',
  'cores as the hub, so absolute numbers are modest and the ratios are what to compare.',
  'How the quote section is built and where its time goes: [bench/quotes.md](bench/quotes.md); what a',
  'confirmation costs in Redis: [bench/confirmations.md](bench/confirmations.md).',
  '',
];
for (const r of results) {
  out.push(`## ${r.section.issue}`, '', `Section \`${r.section.name}\`, ${fmt(r.seconds)} s.`, '');
  if (r.error) {
    out.push(`**Failed:** ${cell(r.error)}`, '');
    continue;
  }
  out.push('| measure | median | baseline | ratio | notes |', '|---|---|---|---|---|');
  let last = '';
  for (const row of r.rows) {
    if (row.section !== last) {
      out.push(`| **${cell(row.section)}** | | | | |`);
      last = row.section;
    }
    out.push(`| ${cell(row.what)} | ${cell(row.median)} | ${cell(row.baseline)} | ${cell(row.ratio)} | ${cell(row.note)} |`);
  }
  out.push('');
}
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), out.join('\n'));
process.stderr.write('bench: wrote BENCHMARKS.md\n');
process.exit(results.some((r) => r.error) ? 1 : 0);

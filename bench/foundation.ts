import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { connectorDefinitions } from '../src/connectors/index.js';
import { createHub } from '../src/core/hub.js';
import { silentLogger } from '../src/core/logger.js';
import { createRedis } from '../src/core/redis/client.js';
import { seedDemo } from '../src/demo.js';
import { benchRedis, fmt, load, median, startServer, type Row } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TOKEN = 'bench-admin-token-0123456789';

/**
 * Issue 2: the hub's HTTP overhead (GET /healthz, POST /v1/quotes with table rates) against a bare
 * Hono hello-world, and confirmations per second against raw EVALSHA of a trivial script.
 */
export async function run(): Promise<Row[]> {
  const redis = await benchRedis();
  const rows: Row[] = [];
  try {
    const bare = await startServer('bench/servers/bare-hono.ts');
    const hub = await startServer('bench/servers/hub.ts', { REDIS_URL: redis.url, SVYAZKA_ADMIN_TOKEN: TOKEN });
    const quoteBody = JSON.stringify({ destination: { country: 'RU', city: 'Санкт-Петербург' }, parcels: [{ weight: 1200, length: 30, width: 20, height: 10 }] });
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const res: Record<string, { rps: number[]; p50: number[]; p99: number[] }> = {};
    const record = (k: string, r: { rps: number; p50: number; p99: number }) => {
      res[k] ??= { rps: [], p50: [], p99: [] };
      res[k]!.rps.push(r.rps);
      res[k]!.p50.push(r.p50);
      res[k]!.p99.push(r.p99);
    };
    for (let i = 0; i < ROUNDS; i++) {
      record('bare', await load({ url: `http://127.0.0.1:${bare.port}/`, connections: 50, seconds: SECONDS }));
      record('healthz', await load({ url: `http://127.0.0.1:${hub.port}/healthz`, connections: 50, seconds: SECONDS }));
      const q = await load({ url: `http://127.0.0.1:${hub.port}/v1/quotes`, method: 'POST', body: quoteBody, headers, connections: 50, seconds: SECONDS });
      if (q.non2xx || q.errors) throw new Error(`quotes failed during the benchmark: ${q.non2xx} non-2xx, ${q.errors} errors`);
      record('quotes', q);
    }
    await hub.stop();
    await bare.stop();
    const b = median(res.bare!.rps);
    for (const [k, label] of [['healthz', 'GET /healthz'], ['quotes', 'POST /v1/quotes (table-rate)']] as const) {
      const m = median(res[k]!.rps);
      rows.push({ section: 'HTTP (50 connections)', what: `${label}: requests/s`, median: fmt(m), baseline: `${fmt(b)} (bare Hono)`, ratio: `${fmt((m / b) * 100)} %`, note: `p50 ${fmt(median(res[k]!.p50), 1)} ms, p99 ${fmt(median(res[k]!.p99), 1)} ms` });
    }
    rows.push(...(await confirmations(redis.url)));
  } finally {
    await redis.stop();
  }
  return rows;
}

/** Single-line confirmations with 50 concurrent clients vs raw EVALSHA of `return 1`, same Redis. */
export async function confirmations(url: string, concurrency = 50, perRound = 5000): Promise<Row[]> {
  const client = createRedis(url);
  const hub = createHub({ redis: client, redisUrl: url, keyPrefix: `conf${Date.now()}`, secretKey: 'bench-secret-key-0123456789', logger: silentLogger, definitions: connectorDefinitions });
  await seedDemo(hub);
  const rates: number[] = [];
  const raw: number[] = [];
  // Redis's own time per script call, to tell the hub's overhead from the script's work, and its
  // whole CPU per call (reading commands, replies, AOF), which bounds the rate one Redis thread allows.
  const confirmUs: number[] = [];
  const rawUs: number[] = [];
  const confirmCpu: number[] = [];
  const rawCpu: number[] = [];
  const rawClient = new Redis(url);
  const sha = (await rawClient.script('LOAD', 'return 1')) as string;
  for (let round = 0; round < ROUNDS; round++) {
    // Earlier rounds' reservations stay: the snapshot leaves 2 × perRound available each round.
    await hub.stock.replaceWarehouses(new Map([['main', new Map([['BENCH-SKU', perRound * (round + 2)]])]]));
    const ids: string[] = [];
    for (let i = 0; i < perRound; i++) {
      const input = { source: 'site', externalId: `c${round}-${i}`, currency: 'RUB', customer: { name: 'B', phone: '+79000000000' }, delivery: { address: { country: 'RU', city: 'Москва' } }, lines: [{ sku: 'BENCH-SKU', name: 'x', qty: 1, price: 100 }], payment: { method: 'prepaid' as const } };
      ids.push((await hub.orders.intake(input, new Date())).order.id);
    }
    let next = 0;
    await rawClient.config('RESETSTAT');
    let cpu0 = await redisCpuMicros(rawClient);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < ids.length) await hub.workflow.confirm(ids[next++]!, new Date());
    }));
    rates.push(perRound / ((performance.now() - t0) / 1000));
    confirmCpu.push(((await redisCpuMicros(rawClient)) - cpu0) / perRound);
    confirmUs.push(await evalshaMicros(rawClient));
    await rawClient.config('RESETSTAT');
    cpu0 = await redisCpuMicros(rawClient);
    let n = 0;
    const t1 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (n++ < perRound) await rawClient.evalsha(sha, 0);
    }));
    raw.push(perRound / ((performance.now() - t1) / 1000));
    rawCpu.push(((await redisCpuMicros(rawClient)) - cpu0) / perRound);
    rawUs.push(await evalshaMicros(rawClient));
  }
  const m = median(rates);
  const r = median(raw);
  client.disconnect();
  rawClient.disconnect();
  await hub.queues.close();
  return [{ section: 'Confirmations (50 concurrent)', what: 'single-line confirmations/s', median: fmt(m), baseline: `${fmt(r)} (raw EVALSHA)`, ratio: `${fmt((m / r) * 100)} %`, note: `${perRound} orders per round, ${ROUNDS} rounds; Redis time per call: confirmation script ${fmt(median(confirmUs), 1)} µs, no-op ${fmt(median(rawUs), 1)} µs; Redis CPU per call: confirmation ${fmt(median(confirmCpu), 1)} µs, no-op ${fmt(median(rawCpu), 1)} µs, so one Redis thread allows at most ${fmt(1e6 / median(confirmCpu))} confirmations/s` }];
}

/** CPU the Redis process has used, user and system, in µs (INFO cpu). */
async function redisCpuMicros(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}

async function evalshaMicros(redis: Redis): Promise<number> {
  const line = (await redis.info('commandstats')).split('\n').find((l) => l.startsWith('cmdstat_evalsha:'));
  return Number(/usec_per_call=([\d.]+)/.exec(line ?? '')?.[1] ?? NaN);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  console.table(rows);
  process.exit(0);
}

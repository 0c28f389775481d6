import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { connectorDefinitions } from '../src/connectors/index.js';
import { createHub } from '../src/core/hub.js';
import { silentLogger } from '../src/core/logger.js';
import { runPull } from '../src/core/orders/pull.js';
import { createRedis } from '../src/core/redis/client.js';
import { seedDemo } from '../src/demo.js';
import { benchRedis, fmt, median, startServer, type Row } from './lib.js';
import { startOzonSim } from './sim/ozon-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POSTINGS = Number(process.env.BENCH_POSTINGS ?? 10_000);
const TOKEN = 'bench-admin-token-0123456789';
const SKUS = ['TSHIRT-BLK-M', 'TSHIRT-WHT-M', 'HOODIE-GRY-L', 'MUG-CLASSIC'];

/**
 * Issue 6: orders taken in per second through `POST /v1/orders` (50 connections, every request a
 * new order) and through a pull of 10,000 postings from a simulated Ozon on 127.0.0.1, against raw
 * Redis writes of the same records (an HSET of the order and a SET of its external-id index, pipelined).
 */
export async function run(): Promise<Row[]> {
  const redis = await benchRedis();
  const rows: Row[] = [];
  try {
    const raw = await rawWrites(redis.url);
    const http = await httpIntake(redis.url);
    const pull = await feedPull(redis.url);
    const baseline = `${fmt(raw)} (raw HSET+SET pipeline)`;
    rows.push({ section: 'Order intake', what: 'POST /v1/orders, 50 connections: orders/s', median: fmt(http.rps), baseline, ratio: `${fmt((http.rps / raw) * 100, 1)} %`, note: `p50 ${fmt(http.p50, 1)} ms, p99 ${fmt(http.p99, 1)} ms, ${ROUNDS}×${SECONDS} s` });
    rows.push({ section: 'Order intake', what: `Ozon feed pull of ${fmt(POSTINGS)} postings: orders/s`, median: fmt(pull.rate), baseline, ratio: `${fmt((pull.rate / raw) * 100, 1)} %`, note: `${fmt(pull.seconds, 2)} s per pull, ${pull.pages} pages of 100, ${ROUNDS} rounds` });
  } finally {
    await redis.stop();
  }
  return rows;
}

function order(source: string, externalId: string, i: number) {
  return {
    source,
    externalId,
    currency: 'RUB',
    customer: { name: 'Bench Buyer', phone: '+79001234567' },
    delivery: { address: { country: 'RU', city: 'Москва', line: 'ул. Мясницкая, 1' } },
    lines: [{ sku: SKUS[i % SKUS.length]!, name: 'item', qty: 1, price: 149000 }],
    payment: { method: 'prepaid' },
  };
}

/** autocannon with a fresh external id per request, so every request creates an order. */
async function httpIntake(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const server = await startServer('bench/servers/hub.ts', { REDIS_URL: url, SVYAZKA_ADMIN_TOKEN: TOKEN, SVYAZKA_KEY_PREFIX: 'bench-http' });
  const rps: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let n = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const r = await autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections: 50,
        duration: SECONDS,
        requests: [{
          method: 'POST',
          path: '/v1/orders',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(order('site', `h${round}-${n}`, n++)) }),
        }],
      });
      if (r.non2xx || r.errors) throw new Error(`POST /v1/orders failed during the benchmark: ${r.non2xx} non-2xx, ${r.errors} errors`);
      rps.push(r.requests.average);
      p50.push(r.latency.p50);
      p99.push(r.latency.p99);
    }
  } finally {
    await server.stop();
  }
  return { rps: median(rps), p50: median(p50), p99: median(p99) };
}

/** A whole pull of the simulated Ozon per round, into a hub in this process; each round a new connector. */
async function feedPull(url: string): Promise<{ rate: number; seconds: number; pages: number }> {
  const sim = await startOzonSim({ count: POSTINGS, skus: SKUS });
  const client = createRedis(url);
  const hub = createHub({ redis: client, redisUrl: url, keyPrefix: 'bench-pull', secretKey: 'bench-secret-key-0123456789', logger: silentLogger, definitions: connectorDefinitions });
  const rates: number[] = [];
  const seconds: number[] = [];
  let pages = 0;
  try {
    await seedDemo(hub);
    for (let round = 0; round < ROUNDS; round++) {
      const id = `ozon-bench-${round}`;
      sim.setTag(`r${round}`);
      await hub.connectors.put({ id, type: 'ozon', enabled: true, config: { clientId: '1', apiKey: 'bench-ozon-key', baseUrl: sim.url } }, new Date());
      const t0 = performance.now();
      const out = await runPull(hub, id);
      const s = (performance.now() - t0) / 1000;
      if (out.created !== POSTINGS) throw new Error(`the pull took in ${out.created} of ${POSTINGS} postings`);
      pages = out.pages;
      seconds.push(s);
      rates.push(out.created / s);
    }
  } finally {
    await hub.connectors.close();
    await hub.queues.close();
    client.disconnect();
    await sim.close();
  }
  return { rate: median(rates), seconds: median(seconds), pages };
}

/** The same records as bare writes: an order hash and its external-id key, 1,000 per pipeline. */
async function rawWrites(url: string): Promise<number> {
  const redis = new Redis(url);
  const rates: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (let from = 0; from < POSTINGS; from += 1000) {
        const pipe = redis.pipeline();
        for (let i = from; i < Math.min(POSTINGS, from + 1000); i++) {
          const id = `ord_raw${round}_${i}`;
          pipe.hset(`bench-raw:{orders}:order:${id}`, 'data', JSON.stringify({ ...order('raw', `r${round}-${i}`, i), id }), 'status', 'new', 'updatedAt', Date.now());
          pipe.set(`bench-raw:{orders}:ext:raw:r${round}-${i}`, id);
        }
        await pipe.exec();
      }
      rates.push(POSTINGS / ((performance.now() - t0) / 1000));
    }
  } finally {
    redis.disconnect();
  }
  return median(rates);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run();
  console.table(rows);
  process.exit(0);
}

import { pathToFileURL } from 'node:url';
import { connectorDefinitions } from '../src/connectors/index.js';
import { createHub, type Hub } from '../src/core/hub.js';
import { silentLogger } from '../src/core/logger.js';
import { createRedis } from '../src/core/redis/client.js';
import { seedDemo } from '../src/demo.js';
import { benchRedis, fmt, startServer, type Row } from './lib.js';
import { benchCourier } from './sim/courier-definition.js';
import { startCourierSim } from './sim/courier-server.js';

const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 10_000);
const LATENCY_MS = 100;
const CONCURRENCY = 50;

/**
 * Issue 5: BOOKINGS shipments against a simulated courier (100 ms, 20 % transient failures, half of
 * them after creating), drained by one and by two worker processes. Counts must be exact.
 */
export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workers of [1, 2]) {
    const redis = await benchRedis();
    const sim = await startCourierSim({ latencyMs: LATENCY_MS, failRate: 0.2 });
    const prefix = `book${workers}`;
    const client = createRedis(redis.url);
    const hub = createHub({ redis: client, redisUrl: redis.url, keyPrefix: prefix, secretKey: 'bench-secret-key-0123456789', logger: silentLogger, definitions: [...connectorDefinitions, benchCourier] });
    try {
      await seedDemo(hub);
      await hub.connectors.put({ id: 'sim', type: 'bench-courier', enabled: true, config: { baseUrl: `http://127.0.0.1:${sim.port}` } }, new Date());
      await hub.stock.replaceWarehouses(new Map([['main', new Map([['BOX', BOOKINGS]])]]));
      const shipments = await queueBookings(hub);
      const t0 = performance.now();
      const procs = await Promise.all(Array.from({ length: workers }, () => startServer('bench/servers/hub.ts', { REDIS_URL: redis.url, SVYAZKA_KEY_PREFIX: prefix, BENCH_WORKERS: 'only', BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_BACKOFF_MS: '200' })));
      let booked = 0;
      let failed = 0;
      // Only shipments still in flight are read again, so watching costs the hub's Redis little.
      let open = shipments;
      let progressAt = Date.now();
      for (;;) {
        const states = await readStates(hub, open);
        if (states.some((st) => st === 'booked' || st === 'failed')) progressAt = Date.now();
        booked += states.filter((s) => s === 'booked').length;
        failed += states.filter((s) => s === 'failed').length;
        open = open.filter((_, i) => states[i] !== 'booked' && states[i] !== 'failed');
        // A lost booking never finishes: after two quiet minutes what is left is reported as lost.
        if (!open.length || Date.now() - progressAt > 120_000) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(procs.map((p) => p.stop()));
      const rate = booked / seconds;
      const ideal = (CONCURRENCY * workers) / (LATENCY_MS / 1000);
      rows.push({
        section: `Booking, ${workers} worker process${workers > 1 ? 'es' : ''} × ${CONCURRENCY} concurrency`,
        what: `${fmt(BOOKINGS)} bookings: time to drain`,
        median: `${fmt(seconds, 1)} s (${fmt(rate)} bookings/s)`,
        baseline: `${fmt(ideal)}/s ideal (concurrency / latency)`,
        ratio: `${fmt((rate / ideal) * 100)} %`,
        note: `booked ${booked}, failed ${failed}, lost ${open.length}; courier: ${sim.orders.size} distinct, ${sim.stats.duplicates} duplicates; ${sim.stats.failedBefore} failed before / ${sim.stats.failedAfter} after creating`,
      });
    } finally {
      await hub.queues.close();
      client.disconnect();
      await sim.close();
      await redis.stop();
    }
  }
  return rows;
}

async function queueBookings(hub: Hub): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < BOOKINGS) {
      const i = next++;
      const input = { source: 'site', externalId: `b-${i}`, currency: 'RUB', customer: { name: 'B', phone: '+79000000000' }, delivery: { address: { country: 'RU', city: 'Москва' } }, lines: [{ sku: 'BOX', name: 'Box', qty: 1, price: 100 }], payment: { method: 'prepaid' as const } };
      const { order } = await hub.orders.intake(input, new Date());
      await hub.workflow.confirm(order.id, new Date());
      ids.push((await hub.shipments.request(order.id, { connectorId: 'sim', service: 'std' })).shipment.id);
    }
  }));
  return ids;
}

async function readStates(hub: Hub, ids: string[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = await Promise.all(ids.slice(i, i + 1000).map((id) => hub.shipments.store.find(id)));
    out.push(...batch.map((s) => s?.state));
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.table(await run());
  process.exit(0);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { createHub, type Hub } from '../../src/core/hub.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis/client.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/core/redis/embedded.js';
import { seedDemo } from '../../src/demo.js';
import { startWorkers, type RunningWorkers } from '../../src/workers.js';
import { fakeBackend, fakeCourier } from '../helpers/fake-courier.js';
import { orderBody } from '../helpers/hub.js';

const dir = mkdtempSync(join(tmpdir(), 'svyazka-restart-'));
let redis: EmbeddedRedis | undefined;
let hub: Hub | undefined;
let workers: RunningWorkers | undefined;

afterAll(async () => {
  await workers?.close();
  await hub?.queues.close();
  hub?.redis.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis restarted mid-run (AOF on)', () => {
  it('books every shipment exactly once across the restart', async () => {
    redis = await startEmbeddedRedis({ dir, appendonly: true });
    const port = redis.port;
    hub = createHub({ redis: createRedis(redis.url), redisUrl: redis.url, keyPrefix: 'rr', secretKey: 'restart-test-secret-key', logger: silentLogger, definitions: [...connectorDefinitions, fakeCourier] });
    await seedDemo(hub);
    const now = new Date();
    await hub.connectors.put({ id: 'fake', type: 'fake-courier', enabled: true, config: { backend: 'restart' } }, now);
    await hub.stock.replaceWarehouses(new Map([['main', new Map([['BOX', 1000]])]]));
    const backend = fakeBackend('restart');
    backend.latencyMs = 40;
    workers = await startWorkers(hub, { bookingBackoff: () => 100, lockDurationMs: 1500, bookingConcurrency: 5 });

    const shipments: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { order } = await hub.orders.intake(orderBody(`RR-${i}`, [{ sku: 'BOX', qty: 1 }]) as never, now);
      await hub.workflow.confirm(order.id, now);
      shipments.push((await hub.shipments.request(order.id, { connectorId: 'fake', service: 'x' })).shipment.id);
    }
    // Restart Redis while bookings are in flight: SIGTERM makes it write the AOF, then it starts on the same data.
    while (backend.bookings.size < 5) await new Promise((r) => setTimeout(r, 10));
    await redis.stop();
    await new Promise((r) => setTimeout(r, 300));
    redis = await startEmbeddedRedis({ dir, appendonly: true, port });

    const until = Date.now() + 45_000;
    for (;;) {
      const states = await Promise.all(shipments.map((id) => hub!.shipments.store.find(id).catch(() => undefined)));
      if (states.every((s) => s?.state === 'booked')) break;
      if (Date.now() > until) throw new Error(`not all booked: ${JSON.stringify(states.map((s) => s?.state))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(backend.bookings.size).toBe(40);
    expect(backend.duplicates).toBe(0);
    for (const id of shipments) expect(backend.bookings.get(id)?.calls).toBe(1);
  }, 90_000);
});

import { createApp } from '../../src/app.js';
import { serveHub } from '../../src/server.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { benchCourier } from '../sim/courier-definition.js';
import { startBenchHub } from './bench-hub.js';
import { startWorkers } from '../../src/workers.js';

/** The hub as `npm start` runs it, on the bench's Redis; `BENCH_WORKERS=only` runs just the workers. */
const hub = await startBenchHub([...connectorDefinitions, benchCourier]);
const mode = process.env.BENCH_WORKERS ?? 'no';
if (mode !== 'no') {
  await startWorkers(hub, {
    bookingConcurrency: Number(process.env.BENCH_CONCURRENCY ?? 50),
    bookingBackoff: () => Number(process.env.BENCH_BACKOFF_MS ?? 200),
    trackingEveryMs: 3600_000,
  });
}
if (mode === 'only') {
  console.log('READY');
} else {
  serveHub(hub, createApp(hub), { port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));
}
process.on('SIGTERM', () => process.exit(0));

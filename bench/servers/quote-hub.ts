import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createApp } from '../../src/app.js';
import { serveHub } from '../../src/server.js';
import { connectorDefinitions } from '../../src/connectors/index.js';
import { startBenchHub } from './bench-hub.js';

/**
 * The hub's HTTP server as `svyazka serve` runs it, for the quote benchmark: unlike hub.ts, with
 * no bench connector types; BENCH_HTTP=fetch calls the couriers with the fetch transport the tests use.
 */
const hub = await startBenchHub(connectorDefinitions, process.env.BENCH_HTTP === 'fetch' ? 'fetch' : 'undici');
serveHub(hub, createApp(hub), { port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('READY'));

// BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the hub from start to SIGTERM (--cpu-prof is refused in NODE_OPTIONS).
const profileTo = process.env.BENCH_CPU_PROFILE;
let profiler: Session | undefined;
if (profileTo) {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const stop = async () => {
  if (profiler) writeFileSync(profileTo!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

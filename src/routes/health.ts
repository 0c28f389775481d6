import { Hono } from 'hono';
import type { Hub } from '../core/hub.js';
import { QUEUE_NAMES } from '../core/queues/queues.js';

export interface Readiness {
  /** Extra checks (workers running, ...); each returns an error message or undefined. */
  checks?: Record<string, () => Promise<string | undefined>>;
}

/** Liveness, readiness and Prometheus metrics: no auth, so probes and scrapers can reach them. */
export function healthRoutes(hub: Hub, readiness: Readiness = {}) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const failures: Record<string, string> = {};
    try {
      await withTimeout(hub.redis.ping(), 1000);
    } catch (err) {
      failures.redis = `Redis is not reachable: ${err instanceof Error ? err.message : String(err)}`;
    }
    for (const [name, check] of Object.entries(readiness.checks ?? {})) {
      const problem = await check().catch((e: unknown) => String(e));
      if (problem) failures[name] = problem;
    }
    const ok = Object.keys(failures).length === 0;
    return c.json(ok ? { status: 'ready' } : { status: 'not_ready', failures }, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    await collectQueueDepths(hub).catch(() => undefined);
    return c.text(await hub.metrics.registry.metrics(), 200, { 'content-type': hub.metrics.registry.contentType });
  });
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

async function collectQueueDepths(hub: Hub) {
  for (const name of QUEUE_NAMES) {
    const counts = await hub.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    for (const [state, n] of Object.entries(counts)) hub.metrics.queueDepth.set({ queue: name, state }, n);
  }
}

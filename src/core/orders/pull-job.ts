import type { Job } from 'bullmq';
import { NotFoundError } from '../errors.js';
import type { Hub } from '../hub.js';
import { runPull, type PullOutcome } from './pull.js';

export const DEFAULT_PULL_EVERY_MS = 5 * 60_000;
/** How often the worker re-reads connector configs and brings the pull schedules in step. */
export const RECONCILE_EVERY_MS = 60_000;
const SCHEDULER_PREFIX = 'pull:';

/** `order-pulls` jobs: `pull` (one connector, scheduled or triggered) and `reconcile` (the schedules). */
export async function pullJob(hub: Hub, job: Job): Promise<PullOutcome | { skipped: string } | { schedules: number }> {
  if (job.name === 'reconcile') return { schedules: await syncPullSchedules(hub) };
  const connectorId = String((job.data as { connectorId?: unknown }).connectorId ?? '');
  try {
    const inst = await hub.connectors.instance(connectorId, 'orders');
    if (!inst.enabled || !inst.adapter.pull) return { skipped: `connector '${connectorId}' is disabled or has no pull` };
    return await runPull(hub, connectorId);
  } catch (err) {
    // Removed since the job was queued: the next reconcile drops its schedule.
    if (err instanceof NotFoundError) return { skipped: `connector '${connectorId}' no longer exists` };
    throw err;
  }
}

/** Asks for a pull now (a platform's push said something changed); one waiting job per connector. */
export async function requestPull(hub: Hub, connectorId: string): Promise<void> {
  await hub.queues.get('order-pulls').add('pull', { connectorId }, { deduplication: { id: `pull-now:${connectorId}` }, removeOnFail: { count: 1000 } });
}

/**
 * One job scheduler per enabled orders connector that can pull, at its own interval; schedules of
 * removed or disabled connectors are dropped. Returns how many schedules are active.
 */
export async function syncPullSchedules(hub: Hub): Promise<number> {
  const queue = hub.queues.get('order-pulls');
  const want = new Map<string, { connectorId: string; every: number }>();
  for (const inst of await hub.connectors.enabled('orders')) {
    if (inst.adapter.pull) want.set(SCHEDULER_PREFIX + inst.id, { connectorId: inst.id, every: inst.adapter.pullEveryMs ?? DEFAULT_PULL_EVERY_MS });
  }
  const have = await queue.getJobSchedulers(0, -1);
  for (const s of have) {
    if (s.key.startsWith(SCHEDULER_PREFIX) && !want.has(s.key)) await queue.removeJobScheduler(s.key);
  }
  for (const [key, w] of want) {
    const existing = have.find((s) => s.key === key);
    if (existing?.every === w.every) continue;
    await queue.upsertJobScheduler(key, { every: w.every }, { name: 'pull', data: { connectorId: w.connectorId }, opts: { removeOnFail: { count: 1000 } } });
  }
  return want.size;
}

/** Re-syncs after an admin changed connectors; a failure only delays it to the next reconcile. */
export async function syncPullSchedulesSoon(hub: Hub): Promise<void> {
  await syncPullSchedules(hub).catch((err) => hub.logger.warn({ err: String(err) }, 'pull schedules not synced; the periodic reconcile will'));
}

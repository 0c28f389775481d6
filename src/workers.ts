import type { Worker } from 'bullmq';
import type { Hub } from './core/hub.js';
import { runDispatcher } from './core/events/dispatcher.js';
import { bookingJob } from './core/shipments/booking-job.js';
import { trackingJob } from './core/shipments/tracking-job.js';
import { pickupPointsJob } from './core/quotes/pickup-job.js';
import { PICKUP_REFRESH_MS } from './core/quotes/pickup-points.js';
import { expJitter, startWorker } from './core/queues/worker.js';
import { sweepExpiredReservations } from './core/stock/expiry.js';
import { pullJob, RECONCILE_EVERY_MS, syncPullSchedules } from './core/orders/pull-job.js';

export interface WorkerOptions {
  bookingConcurrency?: number;
  /** Backoff between booking attempts; default ≈ 8 attempts over ~4 hours. */
  bookingBackoff?: (attempt: number) => number;
  trackingEveryMs?: number;
  /** How long a job's lock lives; a job of a dead worker runs again after it (default 60 s). */
  lockDurationMs?: number;
  /** How often the event dispatcher looks for new events to deliver to CRMs. */
  dispatchEveryMs?: number;
  /** How often expired reservations are released (default every minute). */
  expiryEveryMs?: number;
  /** Order pulls running at once, over all connectors (one per connector at a time regardless). */
  pullConcurrency?: number;
}

/** Small periodic jobs, by name. */
async function maintenance(hub: Hub, name: string): Promise<unknown> {
  if (name === 'pickup-points') return pickupPointsJob(hub);
  if (name === 'expire-reservations') return sweepExpiredReservations(hub, hub.clock.now());
  hub.logger.warn({ job: name }, 'unknown maintenance job; ignored');
  return undefined;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts the queue workers and the job schedulers (`svyazka worker`, or inside `npm start`).
 * Schedulers are upserted by id, so many worker processes keep one schedule.
 */
export async function startWorkers(hub: Hub, opts: WorkerOptions = {}): Promise<RunningWorkers> {
  const { queues, redisUrl, logger } = hub;
  const workers: Worker[] = [
    startWorker(queues, redisUrl, {
      queue: 'booking',
      concurrency: opts.bookingConcurrency ?? 20,
      backoff: opts.bookingBackoff ?? expJitter(120_000, 2 * 3600_000),
      handler: (job) => bookingJob(hub, job, job.token),
      lockDurationMs: opts.lockDurationMs,
    }, logger),
    startWorker(queues, redisUrl, { queue: 'tracking', concurrency: 1, handler: () => trackingJob(hub) }, logger),
    startWorker(queues, redisUrl, { queue: 'maintenance', concurrency: 1, handler: (job) => maintenance(hub, job.name) }, logger),
    startWorker(queues, redisUrl, { queue: 'order-pulls', concurrency: opts.pullConcurrency ?? 4, handler: (job) => pullJob(hub, job) }, logger),
  ];
  // Pull schedules follow the connector configs: now, and on a timer for changes made elsewhere.
  await syncPullSchedules(hub).catch((err) => logger.warn({ err: String(err) }, 'pull schedules not synced at start; the reconcile job will'));
  await queues.get('order-pulls').upsertJobScheduler('reconcile-pull-schedules', { every: RECONCILE_EVERY_MS }, { name: 'reconcile' });
  const maintenanceQueue = queues.get('maintenance');
  await maintenanceQueue.upsertJobScheduler('refresh-pickup-points', { every: PICKUP_REFRESH_MS }, { name: 'pickup-points' });
  await maintenanceQueue.upsertJobScheduler('expire-reservations', { every: opts.expiryEveryMs ?? 60_000 }, { name: 'expire-reservations' });
  // Once at start-up too, so a new courier's points are there without waiting a day.
  await maintenanceQueue.add('pickup-points', {}, { jobId: `pickup-points-startup-${Math.floor(Date.now() / 600_000)}` });
  await queues.get('tracking').upsertJobScheduler('poll-active-shipments', { every: opts.trackingEveryMs ?? 15 * 60_000 }, { name: 'track' });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const dispatcher = runDispatcher(hub, opts.dispatchEveryMs);
  return {
    workers,
    async close() {
      await dispatcher.stop();
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

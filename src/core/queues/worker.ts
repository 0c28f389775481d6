import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isConnectorError } from '../errors.js';
import type { Logger } from '../logger.js';
import { bullConnection, type QueueName, type Queues } from './queues.js';

export type JobHandler = (job: Job) => Promise<unknown>;

export interface WorkerSpec {
  queue: QueueName;
  handler: JobHandler;
  concurrency: number;
  /** Delay before retry n (1-based); defaults to BullMQ's per-job backoff. */
  backoff?: (attempt: number, err: Error | undefined) => number;
  lockDurationMs?: number;
}

/**
 * The one job wrapper (STYLE.md): a permanent ConnectorError (validation, auth) fails the job at
 * once; transient ones and anything unexpected are retried with the queue's backoff. A transient
 * error that names a Retry-After waits at least that long.
 */
export function startWorker(queues: Queues, redisUrl: string, spec: WorkerSpec, logger: Logger): Worker {
  const worker = new Worker(
    spec.queue,
    async (job) => {
      try {
        return await spec.handler(job);
      } catch (err) {
        if (isConnectorError(err) && !err.transient) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    {
      connection: bullConnection(redisUrl, `svyazka-worker-${spec.queue}`),
      prefix: queues.prefix,
      concurrency: spec.concurrency,
      // A job whose worker died is picked up again after the lock expires; the handler is idempotent.
      lockDuration: spec.lockDurationMs ?? 60_000,
      stalledInterval: Math.min(30_000, spec.lockDurationMs ?? 30_000),
      maxStalledCount: 100,
      settings: spec.backoff
        ? {
            backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => {
              const retryAfter = isConnectorError(err) ? (err.retryAfterMs ?? 0) : 0;
              return Math.max(retryAfter, spec.backoff!(attemptsMade, err));
            },
          }
        : undefined,
    },
  );
  worker.on('failed', (job, err) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    logger[final ? 'error' : 'warn']({ queue: spec.queue, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, final ? 'job failed for good' : 'job failed; will retry');
  });
  worker.on('error', (err) => logger.error({ queue: spec.queue, err: err.message }, 'worker error'));
  return worker;
}

/** Exponential backoff with full jitter: attempt n waits up to base·2^(n-1), capped. */
export function expJitter(baseMs: number, capMs: number, random = Math.random): (attempt: number) => number {
  return (attempt) => {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };
}

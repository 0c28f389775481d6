import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** The hub's queues. One file per job kind processes them (`src/core/**\/*-job.ts`). */
export const QUEUE_NAMES = ['booking', 'tracking', 'order-pulls', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface Queues {
  readonly connection: Redis;
  readonly prefix: string;
  get(name: QueueName): Queue;
  add(name: QueueName, jobName: string, data: unknown, opts?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

/** BullMQ needs `maxRetriesPerRequest: null` on its connections (blocking commands). */
export function bullConnection(url: string, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => undefined); // reconnects on its own; workers report job failures
  return redis;
}

export function createQueues(redisUrl: string, prefix: string): Queues {
  const connection = bullConnection(redisUrl, 'svyazka-queues');
  const queues = new Map<QueueName, Queue>();
  const get = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: false } });
      queues.set(name, q);
    }
    return q;
  };
  return {
    connection,
    prefix,
    get,
    async add(name, jobName, data, opts) {
      await get(name).add(jobName, data, opts);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}

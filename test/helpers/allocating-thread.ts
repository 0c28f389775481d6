/** A thread for test/core/threads.test.ts: allocates short-lived objects, then reports its young generation's size in MB. */
import { getHeapSpaceStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';

let batch: { n: number; s: string }[] = [];
for (let i = 0; i < 3_000_000; i++) {
  batch.push({ n: i, s: `x${i}` });
  if (batch.length > 200_000) batch = [];
}
parentPort?.postMessage(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 2 ** 20);

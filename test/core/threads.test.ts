import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { startModuleWorker } from '../../src/core/threads.js';

describe('startModuleWorker', () => {
  it("gives a thread V8's default young generation when the process runs with larger semi-spaces", async () => {
    // What NODE_OPTIONS=--max-semi-space-size=64 does for the hub (README, "Environment").
    setFlagsFromString('--max-semi-space-size=64');
    try {
      const worker = startModuleWorker(new URL('../helpers/allocating-thread.js', import.meta.url));
      const youngMb = await new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      // Two 16 MB semi-spaces by default; with the flag in force the thread would grow them to 2 × 64.
      expect(youngMb).toBeLessThanOrEqual(32);
    } finally {
      setFlagsFromString('--max-semi-space-size=0');
    }
  });
});

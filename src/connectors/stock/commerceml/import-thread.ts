/**
 * Entry of the 1C import thread (started by ThreadImporter): imports the files it is sent, one
 * after another, writing stock and catalog through a Redis connection of its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectStockWriter } from '../../../core/stock/standalone.js';
import { lowerThreadPriority } from '../../../core/threads.js';
import { LocalImporter } from './importer.js';
import type { ImportReply, ImportRequest, ImportThreadData } from './thread-importer.js';

const port = parentPort;
if (port) {
  const data = workerData as ImportThreadData;
  lowerThreadPriority(data.niceness);
  const importer = new LocalImporter(connectStockWriter(data.redisUrl, data.keyPrefix));
  // One import at a time: two at once would only share the same core and both take longer.
  let queue = Promise.resolve();
  port.on('message', (m: ImportRequest) => {
    queue = queue.then(async () => {
      let reply: ImportReply;
      try {
        reply = { id: m.id, summary: await importer.importFile(m.job) };
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        reply = { id: m.id, error: { name: err.name, code: (err as { code?: string }).code, message: err.message, stack: err.stack } };
      }
      port.postMessage(reply);
    });
  });
}

import type { Worker } from 'node:worker_threads';
import { ConnectorError, type ConnectorErrorCode } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { startModuleWorker } from '../../../core/threads.js';
import type { ImportSummary } from './import.js';
import type { CmlImporter, ImportJob } from './importer.js';

export interface ThreadImporterOptions {
  redisUrl: string;
  keyPrefix: string;
  logger: Logger;
  /** Linux nice value of the import thread. @defaultValue 10 */
  niceness?: number;
  /**
   * Old-generation heap of the import thread, MB. Capped so V8 collects the import's garbage
   * as it goes instead of letting it pile up to several times the file (a 131 MB offers.xml
   * keeps about 60 MB alive). @defaultValue 256
   */
  heapMb?: number;
}

/** What the import thread is started with. */
export interface ImportThreadData {
  redisUrl: string;
  keyPrefix: string;
  niceness: number;
}
export interface ImportRequest {
  id: number;
  job: ImportJob;
}
export type ImportReply =
  | { id: number; summary: ImportSummary }
  | { id: number; error: { name: string; code?: string; message: string; stack?: string } };

/**
 * Runs 1C imports in a thread of their own (import-thread.ts), writing through its own Redis
 * connection at a lower CPU priority: parsing a 130 MB offers.xml takes seconds of CPU, and on
 * the API's thread every quote and confirmation would wait behind it. The thread is started on
 * the first import and keeps the connectors' catalog memory; if it dies, its running imports fail
 * (1C is told `failure` and sends the file again) and the next import starts a new thread.
 */
export class ThreadImporter implements CmlImporter {
  private current: { worker: Worker; pending: Map<number, { resolve(s: ImportSummary): void; reject(e: Error): void }> } | undefined;
  private seq = 0;

  constructor(private readonly opts: ThreadImporterOptions) {}

  importFile(job: ImportJob): Promise<ImportSummary> {
    const t = this.current ?? this.start();
    const id = ++this.seq;
    return new Promise<ImportSummary>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.postMessage({ id, job } satisfies ImportRequest);
    });
  }

  async close(): Promise<void> {
    const t = this.current;
    this.current = undefined;
    if (t) await t.worker.terminate();
  }

  private start() {
    const data: ImportThreadData = { redisUrl: this.opts.redisUrl, keyPrefix: this.opts.keyPrefix, niceness: this.opts.niceness ?? 10 };
    const heapMb = this.opts.heapMb ?? 256;
    const worker = startModuleWorker(new URL('./import-thread.js', import.meta.url), { workerData: data, name: 'svyazka-1c-import', resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    // An idle import thread must not keep the process alive at shutdown.
    worker.unref();
    const t = { worker, pending: new Map<number, { resolve(s: ImportSummary): void; reject(e: Error): void }>() };
    worker.on('message', (m: ImportReply) => {
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      if ('summary' in m) p.resolve(m.summary);
      else p.reject(revive(m.error));
    });
    const fail = (err: Error) => {
      if (this.current === t) this.current = undefined;
      for (const p of t.pending.values()) p.reject(err);
      t.pending.clear();
    };
    worker.on('error', (err) => {
      if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.opts.logger.error({ heapMb }, `1C import ran out of memory (${heapMb} MB); raise SVYAZKA_IMPORT_HEAP_MB. The catalog memory of the thread is lost: offers without an article of their own map to SKUs again once 1C sends import.xml`);
        return fail(new ConnectorError('config', `the import needed more memory than the hub allows (SVYAZKA_IMPORT_HEAP_MB=${heapMb}); nothing more was written. Ask the hub's operator to raise it, then send the files again`));
      }
      this.opts.logger.error({ err }, '1C import thread crashed; the imports it was running failed, the next import starts a new thread');
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`the 1C import thread exited with code ${code}`)));
    this.current = t;
    return t;
  }
}

/** Errors cross threads as plain data; a refused file comes back as the ConnectorError it was. */
function revive(e: { name: string; code?: string; message: string; stack?: string }): Error {
  const err = e.name === 'ConnectorError' ? new ConnectorError((e.code ?? 'invalid_request') as ConnectorErrorCode, e.message) : new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

import { createReadStream } from 'node:fs';
import type { StockWriter } from '../../../core/stock/writer.js';
import { emptyMemory, type CatalogMemory } from './catalog.js';
import type { CommercemlConfig } from './config.js';
import { importCml, type ImportSummary } from './import.js';

/** One uploaded file to import for one connector. */
export interface ImportJob {
  connectorId: string;
  config: CommercemlConfig;
  /** The file on disk, as the exchange store wrote it. */
  path: string;
}

/**
 * Runs imports of uploaded files and keeps each connector's catalog memory between them (offers.xml
 * maps to the SKUs import.xml defined). Rejects with a ConnectorError for a file that is refused.
 */
export interface CmlImporter {
  importFile(job: ImportJob): Promise<ImportSummary>;
}

/** Imports on the calling thread. The hub runs this inside an import thread (thread-importer.ts). */
export class LocalImporter implements CmlImporter {
  private readonly memories = new Map<string, CatalogMemory>();

  constructor(private readonly writer: StockWriter) {}

  async importFile(job: ImportJob): Promise<ImportSummary> {
    let mem = this.memories.get(job.connectorId);
    if (!mem) this.memories.set(job.connectorId, (mem = emptyMemory()));
    // 256 KB a step: the scan yields between steps.
    return importCml(createReadStream(job.path, { highWaterMark: 256 * 1024 }), job.config, this.writer, mem);
  }
}

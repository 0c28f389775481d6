import { defineStockSource, type StockAdapter } from '../../../core/connectors/contract.js';
import type { CmlImporter } from './importer.js';
import { COMMERCEML_SECRET_FIELDS, commercemlConfig, type CommercemlConfig } from './config.js';
import { handleExchange, type ExchangeRequest, type ExchangeResponse, type SaleHook } from './exchange.js';
import type { ExchangeStore } from './store.js';

export { commercemlConfig, type CommercemlConfig } from './config.js';

export { handleExchange, COOKIE_NAME } from './exchange.js';
export type { ExchangeContext, ExchangeRequest, ExchangeResponse, SaleHook } from './exchange.js';
export { DiskExchangeStore, type ExchangeStore, type ExchangeSession, type ImportState } from './store.js';
export type { OrderUpdate } from './sale.js';
export { importCml } from './import.js';
export { LocalImporter, type CmlImporter, type ImportJob } from './importer.js';
export { ThreadImporter } from './thread-importer.js';

/** What the hub hands the adapter per exchange request (core objects the connector must not build itself). */
export interface ExchangeIo {
  importer: CmlImporter;
  store: ExchangeStore;
  sale?: SaleHook;
}

/** The stock adapter of a `commerceml` connector: 1C calls `/1c/:connectorId/exchange`, the route calls this. */
export interface CommercemlAdapter extends StockAdapter {
  /** Largest request body the exchange takes (the `file_limit` 1C was told); the route reads no more. */
  uploadLimitBytes: number;
  handleExchange(req: ExchangeRequest, io: ExchangeIo): Promise<ExchangeResponse>;
}

export const commerceml = defineStockSource<CommercemlConfig>({
  type: 'commerceml',
  title: '1C:Enterprise (CommerceML, "Обмен с сайтом")',
  configSchema: commercemlConfig,
  secretFields: COMMERCEML_SECRET_FIELDS,
  create(config, deps): CommercemlAdapter {
    return {
      uploadLimitBytes: config.fileLimitBytes,
      handleExchange: (req, io) =>
        handleExchange(req, { connectorId: deps.connectorId, config, clock: deps.clock, logger: deps.logger, ...io }),
    };
  },
});

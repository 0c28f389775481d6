import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { fixedClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { CatalogItem } from '../../../../src/core/model/index.js';
import type { PriceInput, StockLevelInput, StockWriter } from '../../../../src/core/stock/writer.js';
import { commercemlConfig, type CommercemlConfig } from '../../../../src/connectors/stock/commerceml/config.js';
import { handleExchange, type ExchangeContext, type ExchangeResponse } from '../../../../src/connectors/stock/commerceml/exchange.js';
import { DiskExchangeStore } from '../../../../src/connectors/stock/commerceml/store.js';
import { LocalImporter } from '../../../../src/connectors/stock/commerceml/importer.js';

export const FIXTURES = join(import.meta.dirname, '../../../../fixtures/stock/commerceml');
export const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));

/** The same file re-encoded to windows-1251, with the declaration saying so. */
export function toCp1251(utf8: Uint8Array): Uint8Array {
  const text = Buffer.from(utf8).toString('utf8').replace(/^\uFEFF/, '').replace(/encoding="UTF-8"/i, 'encoding="windows-1251"');
  return iconv.encode(text, 'win1251');
}

/** An in-memory StockWriter that records every call. */
export class MemoryWriter implements StockWriter {
  readonly stock = new Map<string, Map<string, number>>();
  readonly catalog = new Map<string, CatalogItem>();
  /** 1C Ид (and other external ids) → SKU, as the hub's alias hash keeps them. */
  readonly aliases = new Map<string, string>();
  /** Writes, in order. */
  readonly calls: string[] = [];
  /** The ids each `skusOf` asked for. */
  readonly lookups: string[][] = [];
  constructor(
    private readonly warehouses: string[] = ['msk', 'nsk', 'vvo', 'main'],
    public delayMs = 0,
  ) {}
  async replaceWarehouses(snapshot: Map<string, Map<string, number>>): Promise<void> {
    await this.delay();
    this.calls.push(`replace:${[...snapshot.keys()].sort().join(',')}`);
    for (const [w, m] of snapshot) this.stock.set(w, new Map(m));
  }
  async setLevels(levels: StockLevelInput[]): Promise<void> {
    await this.delay();
    this.calls.push(`set:${levels.length}`);
    for (const l of levels) {
      if (!this.stock.has(l.warehouseId)) this.stock.set(l.warehouseId, new Map());
      this.stock.get(l.warehouseId)!.set(l.sku, l.qty);
    }
  }
  async upsertCatalog(items: CatalogItem[]): Promise<void> {
    this.calls.push(`catalog:${items.length}`);
    // As the hub's catalog does: an item without a price keeps the one setPrices gave it.
    for (const i of items) {
      const old = this.catalog.get(i.sku);
      const item = { ...i };
      if (item.price === undefined && old?.price !== undefined) item.price = old.price;
      if (item.currency === undefined && old?.currency !== undefined) item.currency = old.currency;
      this.catalog.set(i.sku, item);
      this.alias(item);
    }
  }
  async setPrices(prices: PriceInput[]): Promise<void> {
    this.calls.push(`prices:${prices.length}`);
    for (const p of prices) {
      const base = this.catalog.get(p.sku) ?? { ...(p.create.copyOf ? this.catalog.get(p.create.copyOf) : undefined), sku: p.sku, name: p.create.name, externalIds: p.create.externalIds };
      this.catalog.set(p.sku, { ...base, price: p.price, ...(p.currency ? { currency: p.currency } : {}) });
      this.alias(base);
    }
  }
  async skusOf(aliases: string[]): Promise<(string | undefined)[]> {
    // A read: `calls` lists writes only.
    this.lookups.push(aliases);
    return aliases.map((a) => this.aliases.get(a));
  }
  async warehouseIds(): Promise<string[]> {
    return this.warehouses;
  }
  qty(warehouseId: string, sku: string): number | undefined {
    return this.stock.get(warehouseId)?.get(sku);
  }
  private alias(item: { sku: string; externalIds?: Record<string, string> }) {
    for (const a of Object.values(item.externalIds ?? {})) if (a !== item.sku) this.aliases.set(a, item.sku);
  }
  private delay() {
    return this.delayMs ? new Promise((r) => setTimeout(r, this.delayMs)) : Promise.resolve();
  }
}

export function makeCtx(config: Partial<CommercemlConfig> = {}, writer = new MemoryWriter()) {
  const cfg = commercemlConfig.parse({ login: '1c', password: 's3cret', ...config });
  const clock = fixedClock('2026-11-23T09:00:00+03:00');
  const store = new DiskExchangeStore(mkdtempSync(join(tmpdir(), 'cml-')));
  const ctx: ExchangeContext = { connectorId: 'c1', config: cfg, importer: new LocalImporter(writer), store, clock, logger: silentLogger, importWaitMs: 50 };
  return { ctx, writer, clock, store };
}

export function text(r: ExchangeResponse): string {
  return typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('utf8');
}

export const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

export function get(ctx: ExchangeContext, query: Record<string, string>, headers: Record<string, string> = {}, body: Uint8Array = new Uint8Array(0)) {
  return handleExchange({ method: body.length ? 'POST' : 'GET', query, headers, body }, ctx);
}

/**
 * Speaks as 1C's "Обмен с сайтом" does: checkauth with Basic → cookie → init → each file in chunks
 * of `file_limit` (or `chunk`) → import repeated while the answer is `progress`.
 */
export async function run1c(
  ctx: ExchangeContext,
  files: { name: string; data: Uint8Array }[],
  opts: { chunk?: number; password?: string; type?: 'catalog' | 'sale'; imports?: string[] } = {},
): Promise<{ auth: string; init: string; uploads: string[]; imports: string[]; progressSeen: number }> {
  const type = opts.type ?? 'catalog';
  const auth = text(await get(ctx, { type, mode: 'checkauth' }, { Authorization: basic('1c', opts.password ?? 's3cret') }));
  const [status, name, value] = auth.split('\n');
  const out = { auth, init: '', uploads: [] as string[], imports: [] as string[], progressSeen: 0 };
  if (status !== 'success') return out;
  const headers = { Cookie: `${name}=${value}`, 'User-Agent': '1C+Enterprise/8.3' };
  out.init = text(await get(ctx, { type, mode: 'init' }, headers));
  const limit = Number(/file_limit=(\d+)/.exec(out.init)?.[1] ?? 1e9);
  const chunk = Math.min(opts.chunk ?? limit, limit);
  for (const f of files) {
    for (let i = 0; i < Math.max(f.data.length, 1); i += chunk) {
      const r = text(await get(ctx, { type, mode: 'file', filename: f.name }, headers, f.data.subarray(i, i + chunk)));
      out.uploads.push(r);
      if (!r.startsWith('success')) break;
    }
  }
  const names = opts.imports ?? files.map((f) => f.name).filter((n) => !n.startsWith('import_files/'));
  for (const filename of names) {
    for (let i = 0; i < 200; i++) {
      const r = text(await get(ctx, { type, mode: 'import', filename }, headers));
      if (r.startsWith('progress')) {
        out.progressSeen++;
        continue;
      }
      out.imports.push(r);
      break;
    }
  }
  return out;
}

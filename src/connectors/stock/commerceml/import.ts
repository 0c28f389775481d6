import type { CatalogItem } from '../../../core/model/index.js';
import type { StockWriter } from '../../../core/stock/writer.js';
import { rememberClassifier, toCatalogItems, type CatalogMemory } from './catalog.js';
import type { CommercemlConfig } from './config.js';
import { bad } from './decode.js';
import { breathe, isFullSnapshot, levelBatches, levelCount, planStock, StockPlanner } from './offers.js';
import { scanCml, type CmlScan } from './scan.js';

export interface ImportSummary {
  schema: string;
  encoding: string;
  products: number;
  offers: number;
  stock: 'full' | 'partial' | 'none';
  levels: number;
  priced: number;
  warnings: string[];
}

// Small batches: each is serialised in one go, and other requests wait for it.
const BATCH = 500;
const LEVEL_BATCH = 5000;

/**
 * Imports one CommerceML file (import.xml, offers.xml, rests/prices): reads it whole first, plans
 * every write, checks warehouses, and only then writes, so a bad file changes nothing.
 */
export async function importCml(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  cfg: CommercemlConfig,
  writer: StockWriter,
  mem: CatalogMemory,
): Promise<ImportSummary> {
  // Offers are planned as they stream by, unless the file carries a catalog first (then they map
  // to its new items, which exist only once the whole file is read).
  let planner: StockPlanner | undefined;
  let buffer = false;
  const scan = await scanCml(source, {
    onOffer: (offer, s) => {
      if (!planner && !buffer) {
        buffer = (s.catalog?.products.length ?? 0) > 0;
        if (!buffer) planner = new StockPlanner(cfg, fileView(mem, s), isFullSnapshot(s.offers?.onlyChanges, cfg), new Map([...mem.priceTypes, ...s.priceTypes.map((t) => [t.id, t] as const)]));
      }
      planner?.add(offer);
      return planner !== undefined;
    },
  });
  if (!scan.catalog && !scan.offers && scan.documents.length) {
    throw bad('this file holds orders (Документ); 1C sends those with type=sale, not type=catalog');
  }
  rememberClassifier(mem, scan);
  const items: CatalogItem[] = [];
  const products = scan.catalog?.products ?? [];
  for (let i = 0; i < products.length; i += BATCH) {
    items.push(...toCatalogItems(products.slice(i, i + BATCH), mem, cfg));
    await breathe();
  }
  // Offers after a catalog in the same file resolve against the new items.
  const staged = items.length ? new Map(mem.products) : mem.products;
  for (const it of items) staged.set(it.externalIds!['1c']!, { sku: it.sku });
  // Products neither the memory nor the file knows (the hub restarted since import.xml) map
  // through the 1C Ид aliases the hub's catalog keeps.
  const skusOf = (ids: string[]) => writer.skusOf(ids);
  await planner?.resolve(skusOf);
  const plan = planner ? planner.finish(scan.warehouses) : scan.offers ? await planStock(scan, cfg, { ...mem, products: staged }, skusOf) : undefined;
  const offerCount = planner?.offers ?? scan.offers?.offers.length ?? 0;
  // The plan holds what is to be written; the parsed offers need not live through the writes.
  if (scan.offers) scan.offers.offers = [];
  if (plan && plan.mode !== 'none') {
    const known = new Set(await writer.warehouseIds());
    const missing = [...plan.byWarehouse.keys()].filter((w) => !known.has(w));
    if (missing.length) throw bad(`hub warehouse(s) ${missing.join(', ')} named in warehouseMap/defaultWarehouseId do not exist in the hub. Nothing was written`);
  }
  await upsert(writer, items);
  // An item from import.xml carries no price, and the catalog keeps the one it had: the price
  // remembered stays true while the SKU does not change.
  for (const it of items) {
    const id = it.externalIds!['1c']!;
    const known = mem.products.get(id);
    mem.products.set(id, known?.sku === it.sku ? known : { sku: it.sku });
  }
  if (plan?.mode === 'full') await writer.replaceWarehouses(plan.byWarehouse);
  if (plan?.mode === 'partial') for (const batch of levelBatches(plan, LEVEL_BATCH)) await writer.setLevels(batch);
  if (plan) {
    for (const [id, sku] of plan.resolved) if (!mem.products.has(id)) mem.products.set(id, { sku });
    for (let i = 0; i < plan.priced.length; i += BATCH) await writer.setPrices(plan.priced.slice(i, i + BATCH));
    for (const p of plan.priced) mem.products.set(p.oneCId, { sku: p.sku, price: p.price, currency: p.currency });
  }
  return {
    schema: scan.schema,
    encoding: scan.encoding,
    products: items.length,
    offers: offerCount,
    stock: plan?.mode ?? 'none',
    levels: plan ? levelCount(plan) : 0,
    priced: plan?.priced.length ?? 0,
    warnings: plan?.warnings.slice(0, 20) ?? [],
  };
}

async function upsert(writer: StockWriter, items: CatalogItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await writer.upsertCatalog(items.slice(i, i + BATCH));
}

/** The memory as this file sees it: its own warehouse names added, before the file is known good. */
function fileView(mem: CatalogMemory, scan: CmlScan): Pick<CatalogMemory, 'products' | 'warehouseNames'> {
  if (!scan.warehouses.length) return mem;
  return { products: mem.products, warehouseNames: new Map([...mem.warehouseNames, ...scan.warehouses.map((w) => [w.id, w.name] as const)]) };
}

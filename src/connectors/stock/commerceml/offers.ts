import type { CatalogItem } from '../../../core/model/index.js';
import type { StockLevelInput } from '../../../core/stock/writer.js';
import { parseDecimal, type CatalogMemory } from './catalog.js';
import type { CommercemlConfig } from './config.js';
import { bad } from './decode.js';
import type { CmlOffer, CmlScan } from './scan.js';

/** What an offers/rests/prices file asks the hub to write. */
export interface StockPlan {
  /** `full`: replace the named warehouses; `partial`: set only the listed levels; `none`: the file has no quantities (prices only). */
  mode: 'full' | 'partial' | 'none';
  snapshot: Map<string, Map<string, number>>;
  levels: StockLevelInput[];
  /** Catalog items whose selling price is new or changed. */
  priced: CatalogItem[];
  warnings: string[];
}

const CURRENCIES: Record<string, string> = { руб: 'RUB', 'руб.': 'RUB', rur: 'RUB', '643': 'RUB', грн: 'UAH', '980': 'UAH', тенге: 'KZT', '398': 'KZT', '933': 'BYN' };

/** Lets other requests run between slices of a long synchronous loop (quotes stay fast during an import). */
export const breathe = () => new Promise<void>((r) => setImmediate(r));
const SLICE = 2000;

/**
 * Maps offers to stock per hub warehouse (no I/O; yields to the event loop every few thousand
 * offers). Several 1C warehouses mapped to one hub warehouse are summed. Throws naming the 1C
 * warehouses that have no mapping and no default.
 */
export async function planStock(scan: CmlScan, cfg: CommercemlConfig, mem: CatalogMemory): Promise<StockPlan> {
  const offers = scan.offers?.offers ?? [];
  const only = scan.offers?.onlyChanges;
  const full = only === false || (only === undefined && cfg.fullSnapshotWhenUnspecified);
  const plan: StockPlan = { mode: 'none', snapshot: new Map(), levels: [], priced: [], warnings: [] };
  const unknown = new Set<string>();
  const hubOf = (cId: string): string | undefined => {
    const hub = cId ? (cfg.warehouseMap[cId] ?? cfg.defaultWarehouseId) : cfg.defaultWarehouseId;
    if (!hub && cId) unknown.add(cId);
    return hub;
  };
  const perSku = new Map<string, Map<string, number>>();
  let totalOnly: string | undefined;
  const priceIds = priceTypeIds(cfg.priceType, mem);
  for (const [i, o] of offers.entries()) {
    if (i % SLICE === SLICE - 1) await breathe();
    if (!o.id) continue;
    const sku = offerSku(o, cfg, mem);
    const price = pickPrice(o, priceIds, mem);
    if (price) addPriced(plan, o, sku, price, mem);
    const levels = new Map<string, number>();
    if (o.stocks.length) {
      for (const s of o.stocks) {
        const hub = hubOf(s.warehouseId);
        if (hub) levels.set(hub, (levels.get(hub) ?? 0) + qty(s.qty, o.id));
      }
    } else if (o.total !== undefined) {
      const hub = cfg.defaultWarehouseId;
      if (!hub) totalOnly ??= o.id;
      else levels.set(hub, qty(o.total, o.id));
    } else continue;
    if (perSku.has(sku)) plan.warnings.push(`offer ${o.id}: SKU ${sku} appears twice, the last offer wins`);
    perSku.set(sku, levels);
  }
  if (unknown.size) {
    const names = [...unknown].map((id) => (mem.warehouseNames.get(id) ? `${id} (${mem.warehouseNames.get(id)})` : id));
    throw bad(`1C warehouse(s) not in warehouseMap: ${names.join(', ')}; add them to warehouseMap or set defaultWarehouseId. Nothing was written`);
  }
  if (totalOnly) throw bad(`offer ${totalOnly} carries only a total Количество and defaultWarehouseId is not set. Nothing was written`);
  if (!perSku.size) return plan;
  plan.mode = full ? 'full' : 'partial';
  if (full) {
    for (const w of scan.warehouses) {
      const hub = hubOf(w.id);
      if (hub) plan.snapshot.set(hub, new Map());
    }
    if (unknown.size) throw bad(`1C warehouse(s) not in warehouseMap: ${[...unknown].join(', ')}; add them to warehouseMap or set defaultWarehouseId`);
  }
  let n = 0;
  for (const [sku, levels] of perSku) {
    if (++n % (SLICE * 5) === 0) await breathe();
    for (const [hub, q] of levels) {
      if (!full) plan.levels.push({ warehouseId: hub, sku, qty: q });
      else {
        let m = plan.snapshot.get(hub);
        if (!m) plan.snapshot.set(hub, (m = new Map()));
        m.set(sku, q);
      }
    }
  }
  return plan;
}

/** The SKU an offer maps to: its own article, the catalog's article, `<sku>#<characteristic>`, or the Ид. */
export function offerSku(o: CmlOffer, cfg: CommercemlConfig, mem: CatalogMemory): string {
  if (cfg.skuFrom === 'id') return o.id;
  const hash = o.id.indexOf('#');
  const productId = hash < 0 ? o.id : o.id.slice(0, hash);
  const charId = hash < 0 ? '' : o.id.slice(hash + 1);
  const known = mem.products.get(productId);
  if (!charId) return o.article ?? known?.sku ?? productId;
  // 1C often repeats the product's article on every characteristic: that is not the variant's own.
  if (o.article && o.article !== known?.sku) return o.article;
  return `${known?.sku ?? productId}#${charId}`;
}

function qty(s: string, offerId: string): number {
  const n = parseDecimal(s);
  if (!Number.isFinite(n)) throw bad(`offer ${offerId} has an invalid quantity "${s}". Nothing was written`);
  return n > 0 ? Math.floor(n) : 0;
}

function priceTypeIds(priceType: string | undefined, mem: CatalogMemory): Set<string> | undefined {
  if (!priceType) return undefined;
  const ids = new Set([priceType]);
  for (const t of mem.priceTypes.values()) if (t.name.trim().toLowerCase() === priceType.trim().toLowerCase()) ids.add(t.id);
  return ids;
}

function pickPrice(o: CmlOffer, ids: Set<string> | undefined, mem: CatalogMemory) {
  const p = ids ? o.prices.find((x) => x.typeId && ids.has(x.typeId)) : o.prices[0];
  if (!p) return undefined;
  const n = parseDecimal(p.amount);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const cur = p.currency ?? (p.typeId ? mem.priceTypes.get(p.typeId)?.currency : undefined);
  return { amount: Math.round(n * 100), currency: currency(cur) };
}

export function currency(c: string | undefined): string | undefined {
  if (!c) return undefined;
  const k = c.trim().toLowerCase();
  return CURRENCIES[k] ?? (/^[a-z]{3}$/.test(k) ? k.toUpperCase() : undefined);
}

function addPriced(plan: StockPlan, o: CmlOffer, sku: string, price: { amount: number; currency?: string }, mem: CatalogMemory): void {
  const productId = o.id.split('#')[0]!;
  const known = mem.products.get(o.id) ?? mem.products.get(productId);
  const same = known && known.sku === sku;
  if (same && known.price === price.amount && known.currency === price.currency) return;
  const base: CatalogItem = same ? known : { ...(known ?? {}), sku, name: o.name ?? known?.name ?? sku, externalIds: { '1c': o.id } };
  const item: CatalogItem = { ...base, price: price.amount };
  if (price.currency) item.currency = price.currency;
  plan.priced.push(item);
}

import type { PriceInput, StockLevelInput } from '../../../core/stock/writer.js';
import { parseDecimal, type CatalogMemory } from './catalog.js';
import type { CommercemlConfig } from './config.js';
import { bad } from './decode.js';
import type { CmlOffer, CmlPriceType, CmlScan } from './scan.js';

/** What an offers/rests/prices file asks the hub to write. */
export interface StockPlan {
  /** `full`: replace the named warehouses; `partial`: set only the listed levels; `none`: the file has no quantities (prices only). */
  mode: 'full' | 'partial' | 'none';
  /**
   * Hub warehouse → SKU → quantity: each warehouse's whole new stock (`full`) or the levels to
   * set (`partial`). One map per warehouse rather than one record per level: 500,000 levels
   * held as records cost several times the file's size.
   */
  byWarehouse: Map<string, Map<string, number>>;
  /** Selling prices that are new or changed, each with the 1C Ид it came from. */
  priced: (PriceInput & { oneCId: string })[];
  /** The first few problems worth telling 1C's operator (the file still imports). */
  warnings: string[];
}

const CURRENCIES: Record<string, string> = { руб: 'RUB', 'руб.': 'RUB', rur: 'RUB', '643': 'RUB', грн: 'UAH', '980': 'UAH', тенге: 'KZT', '398': 'KZT', '933': 'BYN' };
const MAX_WARNINGS = 50;

/** Lets other requests run between slices of a long synchronous loop (quotes stay fast during an import). */
export const breathe = () => new Promise<void>((r) => setImmediate(r));
const SLICE = 2000;

/**
 * Plans stock and prices offer by offer, as the file streams by, so the parsed offers never pile
 * up (no I/O). Several 1C warehouses mapped to one hub warehouse are summed; an SKU offered twice
 * takes the last offer. `finish` throws naming the 1C warehouses missing from `warehouseMap`.
 */
export class StockPlanner {
  private readonly plan: StockPlan = { mode: 'none', byWarehouse: new Map(), priced: [], warnings: [] };
  private readonly seen = new Set<string>();
  private readonly unknown = new Set<string>();
  private readonly priceIds: Set<string> | undefined;
  private totalOnly: string | undefined;
  /** Offers seen, with or without stock. */
  offers = 0;

  /**
   * @param full the file is a full snapshot of the warehouses it names
   * @param priceTypes the price types known so far, this file's included (offers name them by Ид)
   */
  constructor(
    private readonly cfg: CommercemlConfig,
    private readonly mem: Pick<CatalogMemory, 'products' | 'warehouseNames'>,
    private readonly full: boolean,
    private readonly priceTypes: Map<string, CmlPriceType>,
  ) {
    this.priceIds = priceTypeIds(cfg.priceType, priceTypes);
  }

  add(o: CmlOffer): void {
    this.offers++;
    if (!o.id) return;
    const sku = offerSku(o, this.cfg, this.mem);
    const price = pickPrice(o, this.priceIds, this.priceTypes);
    if (price) addPriced(this.plan, o, sku, price, this.mem);
    let levels: [string, number][];
    if (o.stocks.length) {
      levels = [];
      for (const s of o.stocks) {
        const hub = this.hubOf(s.warehouseId);
        if (!hub) {
          if (!s.warehouseId) this.totalOnly ??= o.id;
          continue;
        }
        const q = qty(s.qty, o.id);
        const same = levels.find((l) => l[0] === hub);
        if (same) same[1] += q;
        else levels.push([hub, q]);
      }
    } else if (o.total !== undefined) {
      const hub = this.cfg.defaultWarehouseId;
      if (!hub) {
        this.totalOnly ??= o.id;
        return;
      }
      levels = [[hub, qty(o.total, o.id)]];
    } else return;
    if (this.seen.has(sku)) {
      this.warn(`offer ${o.id}: SKU ${sku} appears twice, the last offer wins`);
      for (const m of this.plan.byWarehouse.values()) m.delete(sku);
    } else this.seen.add(sku);
    for (const [hub, q] of levels) {
      let m = this.plan.byWarehouse.get(hub);
      if (!m) this.plan.byWarehouse.set(hub, (m = new Map()));
      m.set(sku, q);
    }
  }

  /** The plan, once every offer is in; `warehouses` are the 1C warehouses the file lists (Склады). */
  finish(warehouses: { id: string }[]): StockPlan {
    const plan = this.plan;
    this.failOnUnknown();
    if (this.totalOnly) throw bad(`offer ${this.totalOnly} carries only a total Количество and defaultWarehouseId is not set. Nothing was written`);
    // A full snapshot that names its warehouses and lists no offers says they now hold nothing;
    // offers without quantities (prices.xml) leave stock alone.
    const emptied = this.full && this.offers === 0 && warehouses.length > 0;
    if (!this.seen.size && !emptied) return plan;
    plan.mode = this.full ? 'full' : 'partial';
    if (this.full) {
      // A full snapshot also empties the warehouses it names but lists no offers for.
      for (const w of warehouses) {
        const hub = this.hubOf(w.id);
        if (hub && !plan.byWarehouse.has(hub)) plan.byWarehouse.set(hub, new Map());
      }
      this.failOnUnknown();
    }
    return plan;
  }

  /**
   * The hub warehouse of a 1C Склад Ид; `''` is an Остаток that names no Склад, a total.
   * `defaultWarehouseId` takes totals only: stock 1C puts in a warehouse of its own must not be
   * added silently to another one, so an unmapped Склад fails the file.
   */
  private hubOf(cId: string): string | undefined {
    if (!cId) return this.cfg.defaultWarehouseId;
    const hub = this.cfg.warehouseMap[cId];
    if (!hub) this.unknown.add(cId);
    return hub;
  }

  private failOnUnknown(): void {
    if (!this.unknown.size) return;
    const names = [...this.unknown].map((id) => (this.mem.warehouseNames.get(id) ? `${id} (${this.mem.warehouseNames.get(id)})` : id));
    throw bad(`1C warehouse(s) not in warehouseMap: ${names.join(', ')}; add them to warehouseMap (defaultWarehouseId takes only offers that carry a total Количество). Nothing was written`);
  }

  private warn(w: string): void {
    if (this.plan.warnings.length < MAX_WARNINGS) this.plan.warnings.push(w);
  }
}

/** Plans offers already parsed (a file that holds a catalog too), yielding every few thousand offers. */
export async function planStock(scan: CmlScan, cfg: CommercemlConfig, mem: CatalogMemory): Promise<StockPlan> {
  const planner = new StockPlanner(cfg, mem, isFullSnapshot(scan.offers?.onlyChanges, cfg), mem.priceTypes);
  for (const [i, o] of (scan.offers?.offers ?? []).entries()) {
    if (i % SLICE === SLICE - 1) await breathe();
    planner.add(o);
  }
  return planner.finish(scan.warehouses);
}

/** `СодержитТолькоИзменения`: absent means partial unless the connector says otherwise (see config). */
export function isFullSnapshot(onlyChanges: boolean | undefined, cfg: CommercemlConfig): boolean {
  return onlyChanges === false || (onlyChanges === undefined && cfg.fullSnapshotWhenUnspecified);
}

/** The plan's levels as the writer takes them, `size` at a time (a partial plan's writes). */
export function* levelBatches(plan: StockPlan, size: number): Generator<StockLevelInput[]> {
  let batch: StockLevelInput[] = [];
  for (const [warehouseId, m] of plan.byWarehouse) {
    for (const [sku, qty] of m) {
      batch.push({ warehouseId, sku, qty });
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/** How many levels the plan sets. */
export const levelCount = (plan: StockPlan) => [...plan.byWarehouse.values()].reduce((n, m) => n + m.size, 0);

/** The SKU an offer maps to: its own article, the catalog's article, `<sku>#<characteristic>`, or the Ид. */
export function offerSku(o: CmlOffer, cfg: CommercemlConfig, mem: Pick<CatalogMemory, 'products'>): string {
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

function priceTypeIds(priceType: string | undefined, priceTypes: Map<string, CmlPriceType>): Set<string> | undefined {
  if (!priceType) return undefined;
  const ids = new Set([priceType]);
  for (const t of priceTypes.values()) if (t.name.trim().toLowerCase() === priceType.trim().toLowerCase()) ids.add(t.id);
  return ids;
}

function pickPrice(o: CmlOffer, ids: Set<string> | undefined, priceTypes: Map<string, CmlPriceType>) {
  const p = ids ? o.prices.find((x) => x.typeId && ids.has(x.typeId)) : o.prices[0];
  if (!p) return undefined;
  const n = parseDecimal(p.amount);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const cur = p.currency ?? (p.typeId ? priceTypes.get(p.typeId)?.currency : undefined);
  return { amount: Math.round(n * 100), currency: currency(cur) };
}

export function currency(c: string | undefined): string | undefined {
  if (!c) return undefined;
  const k = c.trim().toLowerCase();
  return CURRENCIES[k] ?? (/^[a-z]{3}$/.test(k) ? k.toUpperCase() : undefined);
}

function addPriced(plan: StockPlan, o: CmlOffer, sku: string, price: { amount: number; currency?: string }, mem: Pick<CatalogMemory, 'products'>): void {
  const productId = o.id.split('#')[0]!;
  const known = mem.products.get(o.id) ?? mem.products.get(productId);
  const same = known && known.sku === sku;
  if (same && known.price === price.amount && known.currency === price.currency) return;
  // A variant or an offer import.xml never listed becomes an item of its own, copying its product's.
  plan.priced.push({ oneCId: o.id, sku, price: price.amount, currency: price.currency, create: { name: o.name ?? sku, copyOf: known?.sku, externalIds: { '1c': o.id } } });
}

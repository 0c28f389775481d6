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
  /** 1C product Ид → SKU, for products the memory did not know and the hub's catalog did (`resolve`). */
  resolved: Map<string, string>;
}

/** The SKU of each 1C Ид in the hub's catalog, in order; `undefined` when it holds none (`StockWriter.skusOf`). */
export type SkuLookup = (oneCIds: string[]) => Promise<(string | undefined)[]>;

const CURRENCIES: Record<string, string> = { руб: 'RUB', 'руб.': 'RUB', rur: 'RUB', '643': 'RUB', грн: 'UAH', '980': 'UAH', тенге: 'KZT', '398': 'KZT', '933': 'BYN' };
const MAX_WARNINGS = 50;

/** Lets other requests run between slices of a long synchronous loop (quotes stay fast during an import). */
export const breathe = () => new Promise<void>((r) => setImmediate(r));
const SLICE = 2000;
/** Starts the provisional key of an offer whose SKU waits for `resolve`: XML allows no NUL, so no SKU holds one. */
const PENDING = '\0';

/**
 * Plans stock and prices offer by offer, as the file streams by, so the parsed offers never pile
 * up (no I/O but `resolve`'s one lookup). Several 1C warehouses mapped to one hub warehouse are
 * summed; an SKU offered twice takes the last offer. `finish` throws naming the 1C warehouses
 * missing from `warehouseMap`.
 *
 * An offer whose product the memory does not know (the hub restarted, and 1C's changes-only
 * import.xml did not list it) is planned under a provisional key; `resolve` asks the hub's catalog
 * for those products once the file is read and puts each offer under the SKU import.xml gave it.
 */
export class StockPlanner {
  private readonly plan: StockPlan = { mode: 'none', byWarehouse: new Map(), priced: [], warnings: [], resolved: new Map() };
  /** SKU (or provisional key) with stock → the number of the offer that set it, so the last one wins. */
  private readonly seen = new Map<string, number>();
  /** Provisional key (`PENDING` + offer Ид) → the offer's own article. */
  private readonly pending = new Map<string, string | undefined>();
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
    const sku = this.skuOf(o);
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
      this.warn(sku.startsWith(PENDING) ? `offer ${o.id} appears twice, the last offer wins` : `offer ${o.id}: SKU ${sku} appears twice, the last offer wins`);
      for (const m of this.plan.byWarehouse.values()) m.delete(sku);
    }
    this.seen.set(sku, this.offers);
    for (const [hub, q] of levels) {
      let m = this.plan.byWarehouse.get(hub);
      if (!m) this.plan.byWarehouse.set(hub, (m = new Map()));
      m.set(sku, q);
    }
  }

  /**
   * Looks the products the memory did not know up in the hub's catalog, in one batch, and moves
   * their offers to the SKUs found. Call once every offer is in, before `finish`.
   */
  async resolve(skusOf: SkuLookup): Promise<void> {
    if (!this.pending.size) return;
    const ids = [...new Set([...this.pending.keys()].map((k) => splitOfferId(k.slice(PENDING.length))[0]))];
    const skus = await skusOf(ids);
    for (const [i, id] of ids.entries()) {
      const sku = skus[i];
      if (sku) this.plan.resolved.set(id, sku);
    }
    this.settle();
  }

  /** The plan, once every offer is in; `warehouses` are the 1C warehouses the file lists (Склады). */
  finish(warehouses: { id: string }[]): StockPlan {
    const plan = this.plan;
    // Offers `resolve` did not settle (it was not called) map as the memory alone says.
    this.settle();
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

  /** The offer's SKU, or a provisional key when it depends on a product the memory does not know. */
  private skuOf(o: CmlOffer): string {
    if (this.cfg.skuFrom === 'id') return o.id;
    const [productId, charId] = splitOfferId(o.id);
    const known = this.mem.products.get(productId);
    // An offer with an article of its own and no characteristic is that article whatever the catalog says.
    if (known || (!charId && o.article)) return skuFor(o.id, o.article, known?.sku);
    const key = PENDING + o.id;
    this.pending.set(key, o.article);
    return key;
  }

  /**
   * Puts each provisional key's stock and price under the offer's SKU, its product's SKU taken
   * from `plan.resolved` (an Ид the catalog does not hold either maps as today: the Ид itself).
   * Where two offers now share an SKU, the later one in the file wins, as in `add`.
   */
  private settle(): void {
    if (!this.pending.size) return;
    const settled = new Map<string, { sku: string; productSku: string | undefined }>();
    for (const [key, article] of this.pending) {
      const id = key.slice(PENDING.length);
      const productSku = this.plan.resolved.get(splitOfferId(id)[0]);
      const sku = skuFor(id, article, productSku);
      settled.set(key, { sku, productSku });
      const n = this.seen.get(key);
      if (n === undefined) continue; // priced, no stock
      this.seen.delete(key);
      const held = this.seen.get(sku);
      if (held !== undefined) this.warn(`offer ${id}: SKU ${sku} appears twice, the last offer wins`);
      const wins = held === undefined || n > held;
      for (const m of this.plan.byWarehouse.values()) {
        if (wins && held !== undefined) m.delete(sku);
        const q = m.get(key);
        if (q === undefined) continue;
        m.delete(key);
        if (wins) m.set(sku, q);
      }
      if (wins) this.seen.set(sku, n);
    }
    this.pending.clear();
    for (const p of this.plan.priced) {
      const s = settled.get(p.sku);
      if (!s) continue;
      if (p.create.name === p.sku) p.create.name = s.sku;
      p.create.copyOf ??= s.productSku;
      p.sku = s.sku;
    }
  }

  private warn(w: string): void {
    if (this.plan.warnings.length < MAX_WARNINGS) this.plan.warnings.push(w);
  }
}

/**
 * Plans offers already parsed (a file that holds a catalog too), yielding every few thousand offers.
 * `skusOf` maps products neither the memory nor the file knows through the hub's catalog.
 */
export async function planStock(scan: CmlScan, cfg: CommercemlConfig, mem: CatalogMemory, skusOf?: SkuLookup): Promise<StockPlan> {
  const planner = new StockPlanner(cfg, mem, isFullSnapshot(scan.offers?.onlyChanges, cfg), mem.priceTypes);
  for (const [i, o] of (scan.offers?.offers ?? []).entries()) {
    if (i % SLICE === SLICE - 1) await breathe();
    planner.add(o);
  }
  if (skusOf) await planner.resolve(skusOf);
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
  return skuFor(o.id, o.article, mem.products.get(splitOfferId(o.id)[0])?.sku);
}

/** `skuFrom=article`: the SKU of offer `id` with its own `article`, its product's SKU being `productSku` when known. */
function skuFor(id: string, article: string | undefined, productSku: string | undefined): string {
  const [productId, charId] = splitOfferId(id);
  if (!charId) return article ?? productSku ?? productId;
  // 1C often repeats the product's article on every characteristic: that is not the variant's own.
  if (article && article !== productSku) return article;
  return `${productSku ?? productId}#${charId}`;
}

/** `product#characteristic` → [product, characteristic]; characteristic `''` when there is none. */
function splitOfferId(id: string): [string, string] {
  const hash = id.indexOf('#');
  return hash < 0 ? [id, ''] : [id.slice(0, hash), id.slice(hash + 1)];
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

import type { CatalogItem } from '../model/index.js';

/** An absolute stock level of one SKU in one warehouse. */
export interface StockLevelInput {
  warehouseId: string;
  sku: string;
  qty: number;
}

/** A selling price for one SKU, merged into its catalog item. */
export interface PriceInput {
  sku: string;
  /** Minor units. */
  price: number;
  /** Kept as it was when absent. */
  currency?: string;
  /**
   * For an SKU the catalog does not hold yet: its name and source ids, and the SKU whose item it
   * copies the rest from (a variant takes its product's group, weight and sizes).
   */
  create: { name: string; copyOf?: string; externalIds?: Record<string, string> };
}

/**
 * What stock sources (JSON push, 1C CommerceML) write through. Implemented by the stock store in
 * core; sources never touch Redis keys themselves.
 */
export interface StockWriter {
  /**
   * Full snapshot: for each named warehouse, the listed SKUs become its whole stock, atomically
   * (a reader sees the old or the new warehouse, never a mix). Warehouses not named are untouched.
   */
  replaceWarehouses(snapshot: Map<string, Map<string, number>>): Promise<void>;
  /** Partial update: sets the listed levels, leaves every other SKU as it was. */
  setLevels(levels: StockLevelInput[]): Promise<void>;
  /** Adds or replaces catalog items by SKU (an item without price or currency keeps the stored ones); each item's `externalIds` become lookup aliases. */
  upsertCatalog(items: CatalogItem[]): Promise<void>;
  /** Sets selling prices on catalog items, creating the items that are missing. */
  setPrices(prices: PriceInput[]): Promise<void>;
  /** Ids of the warehouses configured in the hub. */
  warehouseIds(): Promise<string[]>;
  /**
   * The SKU each alias (a 1C Ид, a marketplace id) stands for, in the same order; `undefined` for
   * an alias the catalog does not hold. Lets a source map ids it has not seen since it started.
   */
  skusOf(aliases: string[]): Promise<(string | undefined)[]>;
}

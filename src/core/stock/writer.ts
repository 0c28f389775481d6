import type { CatalogItem } from '../model/index.js';

/** An absolute stock level of one SKU in one warehouse. */
export interface StockLevelInput {
  warehouseId: string;
  sku: string;
  qty: number;
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
  /** Adds or replaces catalog items (by SKU); each item's `externalIds` become lookup aliases. */
  upsertCatalog(items: CatalogItem[]): Promise<void>;
  /** Ids of the warehouses configured in the hub. */
  warehouseIds(): Promise<string[]>;
}

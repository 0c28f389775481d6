import type { CatalogItem } from '../../../core/model/index.js';
import type { CommercemlConfig } from './config.js';
import type { CmlGroup, CmlPriceType, CmlProduct, CmlProperty, CmlScan } from './scan.js';

/** What the memory keeps of one imported product or offer: just enough to map and price offers. */
export interface KnownProduct {
  sku: string;
  /** The selling price last written (minor units), so an unchanged price is not written again. */
  price?: number;
  currency?: string;
}

/**
 * What the connector remembers between files of one 1C: the classifier (groups, properties, price
 * types, warehouse names) and, by 1C Ид, the SKU and price of each product, so that offers.xml
 * (which may carry neither article nor name) maps to the same SKUs. The items themselves are in
 * the hub's catalog: 100,000 of them held here too would cost the import thread 100 MB or more.
 */
export interface CatalogMemory {
  groups: Map<string, CmlGroup>;
  properties: Map<string, CmlProperty>;
  priceTypes: Map<string, CmlPriceType>;
  warehouseNames: Map<string, string>;
  products: Map<string, KnownProduct>;
}

export function emptyMemory(): CatalogMemory {
  return { groups: new Map(), properties: new Map(), priceTypes: new Map(), warehouseNames: new Map(), products: new Map() };
}

/** Adds the file's classifier parts to the memory (later files win). */
export function rememberClassifier(mem: CatalogMemory, scan: CmlScan): void {
  for (const g of scan.groups) mem.groups.set(g.id, g);
  for (const p of scan.properties) mem.properties.set(p.id, p);
  for (const t of scan.priceTypes) mem.priceTypes.set(t.id, t);
  for (const w of scan.warehouses) mem.warehouseNames.set(w.id, w.name);
}

/** `import.xml` products → catalog items (pure; uses the memory only to read groups and properties). */
export function toCatalogItems(products: CmlProduct[], mem: CatalogMemory, cfg: CommercemlConfig): CatalogItem[] {
  const paths = new Map<string, string[]>();
  return products.filter((p) => p.id && !p.deleted).map((p) => toItem(p, mem, cfg, paths));
}

function toItem(p: CmlProduct, mem: CatalogMemory, cfg: CommercemlConfig, paths: Map<string, string[]>): CatalogItem {
  const properties: Record<string, string> = {};
  for (const [id, raw] of p.props) {
    const prop = mem.properties.get(id);
    if (!raw) continue;
    properties[prop?.name ?? id] = prop?.values.get(raw) ?? raw;
  }
  const lookup = (names: string[]) => {
    for (const n of names) {
      const v = p.reqs[n] ?? properties[n];
      const num = v === undefined ? NaN : parseDecimal(v);
      if (Number.isFinite(num) && num > 0) return num;
    }
    return undefined;
  };
  const groupId = p.groupIds[0];
  const item: CatalogItem = {
    sku: cfg.skuFrom === 'id' ? p.id : (p.article ?? p.id),
    name: p.name || p.reqs['Полное наименование'] || p.id,
    externalIds: { '1c': p.id },
  };
  if (groupId) {
    item.groupId = groupId;
    item.groupPath = groupPath(groupId, mem, paths);
  }
  const kg = lookup(cfg.weightFields);
  if (kg !== undefined) item.weight = Math.round(kg * 1000);
  const k = cfg.sizeUnit === 'm' ? 100 : cfg.sizeUnit === 'mm' ? 0.1 : 1;
  for (const dim of ['length', 'width', 'height'] as const) {
    const v = lookup(cfg.sizeFields[dim]);
    if (v !== undefined) item[dim] = Math.round(v * k * 10) / 10;
  }
  if (p.barcode) item.barcode = p.barcode;
  if (Object.keys(properties).length) item.properties = properties;
  return item;
}

function groupPath(id: string, mem: CatalogMemory, cache: Map<string, string[]>): string[] {
  const hit = cache.get(id);
  if (hit) return hit;
  const path: string[] = [];
  const seen = new Set<string>();
  for (let g = mem.groups.get(id); g && !seen.has(g.id); g = g.parentId ? mem.groups.get(g.parentId) : undefined) {
    seen.add(g.id);
    path.unshift(g.name);
  }
  cache.set(id, path);
  return path;
}

/** `1 234,50` → 1234.5; NaN when not a number. */
export function parseDecimal(s: string): number {
  const t = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return t && /^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

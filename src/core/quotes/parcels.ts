import type { CatalogItem, Parcel } from '../model/index.js';

export interface ParcelDefaults {
  /** Grams per unit when the catalog has no weight. */
  weight: number;
  length: number;
  width: number;
  height: number;
}

export const DEFAULT_PARCEL: ParcelDefaults = { weight: 500, length: 20, width: 15, height: 10 };

/**
 * One parcel for the units a warehouse ships: weights add up, units stack on their largest face
 * (length and width of the largest unit, heights added). A courier re-measures anyway; this is
 * what the price depends on.
 */
export function buildParcel(lines: { qty: number; item: CatalogItem | undefined }[], defaults: ParcelDefaults = DEFAULT_PARCEL): Parcel {
  let weight = 0;
  let length = 0;
  let width = 0;
  let height = 0;
  for (const { qty, item } of lines) {
    const dims = [item?.length ?? defaults.length, item?.width ?? defaults.width, item?.height ?? defaults.height].sort((a, b) => b - a) as [number, number, number];
    weight += (item?.weight || defaults.weight) * qty;
    length = Math.max(length, dims[0]);
    width = Math.max(width, dims[1]);
    height += dims[2] * qty;
  }
  return { weight: Math.max(1, Math.round(weight)), length, width, height };
}

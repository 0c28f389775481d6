import type { Address, Parcel } from '../../../core/model/index.js';
import { localDateTime } from '../../../core/quotes/calendar.js';

/** Grams → kilograms, as DPD wants them. */
export function totalKg(parcels: Parcel[]): number {
  return round(parcels.reduce((s, p) => s + p.weight, 0) / 1000, 3);
}

/** cm³ → m³ over all parcels. */
export function totalM3(parcels: Parcel[]): number {
  return round(parcels.reduce((s, p) => s + p.length * p.width * p.height, 0) / 1_000_000, 4);
}

/** Kopecks → roubles with two decimals. */
export function rub(kopecks: number): number {
  return round(kopecks / 100, 2);
}

/** A DPD city request: DPD city id when known, else postcode and name. */
export function cityRequest(a: Address, cityId?: string): Record<string, unknown> {
  if (cityId) return { cityId };
  return { index: a.postcode, cityName: a.postcode ? undefined : a.city, countryCode: a.country };
}

/** YYYY-MM-DD in Moscow, `days` after `now`. */
export function moscowDate(now: Date, days = 0): string {
  return localDateTime(new Date(now.getTime() + days * 86_400_000), 'Europe/Moscow').date;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

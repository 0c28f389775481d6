import { ConnectorError } from '../../../core/errors.js';
import type { PickupPoint } from '../../../core/quotes/pickup-points.js';
import { Warehouse } from './api.js';
import type { NovaPoshtaClient } from './client.js';

/** Rows per getWarehouses page; the whole list is tens of thousands of branches and lockers. */
export const PAGE_SIZE = 500;
/** Pages asked for at once: one at a time, the whole list would not fit the refresh's deadline. */
export const PAGE_CONCURRENCY = 4;
/** A page of 500 full rows is about 1.5 MB. */
const PAGE_TIMEOUT_MS = 30_000;
/** Far beyond the real list: guards against an API that ignores `Page` and repeats itself. */
const MAX_PAGES = 400;

const DAYS = [
  ['Monday', 'Пн'],
  ['Tuesday', 'Вт'],
  ['Wednesday', 'Ср'],
  ['Thursday', 'Чт'],
  ['Friday', 'Пт'],
  ['Saturday', 'Сб'],
  ['Sunday', 'Нд'],
] as const;

/** methodProperties of `Address.getWarehouses`: the whole country, one page. */
export function toWarehousesRequest(page: number) {
  return { Page: String(page), Limit: String(PAGE_SIZE) };
}

/**
 * The last page is an empty one, or a short one once `totalCount` rows have come: a short page
 * alone is not enough, as Nova Poshta may cap `Limit` below what was asked.
 */
export function isLastPage(rows: number, received: number, totalCount: number | undefined): boolean {
  return rows === 0 || (rows < PAGE_SIZE && (totalCount === undefined || received >= totalCount));
}

/** `Schedule` → "Пн-Пт 08:00-20:00, Сб 09:00-16:00": consecutive days with the same hours joined, days off left out. */
export function formatSchedule(schedule: Record<string, string> | undefined): string | undefined {
  if (!schedule) return undefined;
  const runs: { first: string; last: string; hours: string }[] = [];
  let previous: string | undefined;
  for (const [day, short] of DAYS) {
    const hours = /\d/.test(schedule[day] ?? '') ? schedule[day]!.trim() : undefined;
    const run = runs.at(-1);
    if (hours && run && hours === previous) run.last = short;
    else if (hours) runs.push({ first: short, last: short, hours });
    previous = hours;
  }
  return runs.map((r) => `${r.first === r.last ? r.first : `${r.first}-${r.last}`} ${r.hours}`).join(', ') || undefined;
}

function location(lat: string | undefined, lon: string | undefined): PickupPoint['location'] {
  const la = Number(lat);
  const lo = Number(lon);
  // Nova Poshta leaves unknown coordinates blank or "0.000".
  if (!lat || !lon || !Number.isFinite(la) || !Number.isFinite(lo) || (la === 0 && lo === 0)) return undefined;
  if (Math.abs(la) > 90 || Math.abs(lo) > 180) return undefined;
  return { lat: la, lon: lo };
}

/** Closed points and those Nova Poshta bars from waybills (`DenyToSelect`) cannot be booked to. */
const bookable = (w: Warehouse) => (w.WarehouseStatus === undefined || w.WarehouseStatus === 'Working') && w.DenyToSelect !== '1';

/**
 * One warehouse row → a pickup point. Required fields Nova Poshta left out become empty strings,
 * which the hub's schema check rejects and counts.
 */
export function toPickupPoint(w: Warehouse): PickupPoint {
  const city = w.CityDescription ?? '';
  // ShortAddress repeats the city first ("Київ, Пирогівський шлях, 135").
  const line = city && w.ShortAddress?.startsWith(`${city}, `) ? w.ShortAddress.slice(city.length + 2) : w.ShortAddress;
  const where = location(w.Latitude, w.Longitude);
  const workTime = formatSchedule(w.Schedule);
  return {
    // The number, not the Ref: booking sends pickupPointCode as RecipientAddressName with the city.
    code: w.Number ?? '',
    name: w.Description ?? w.DescriptionRu ?? '',
    address: {
      country: 'UA',
      ...(w.SettlementAreaDescription ? { region: w.SettlementAreaDescription } : {}),
      city,
      ...(w.PostalCodeUA ? { postcode: w.PostalCodeUA } : {}),
      ...(line ? { line } : {}),
    },
    ...(where ? { location: where } : {}),
    type: w.CategoryOfWarehouse === 'Postomat' ? 'postamat' : 'pickup_point',
    ...(workTime ? { workTime } : {}),
    ...(w.PaymentAccess ? { codAvailable: w.PaymentAccess === '1' } : {}),
  };
}

/** One getWarehouses page → the points a parcel can be sent to. */
export function parseWarehouses(data: unknown[]): PickupPoint[] {
  return data
    .map((row) => Warehouse.parse(row))
    .filter(bookable)
    .map(toPickupPoint);
}

/** Every branch, store and locker, `PAGE_CONCURRENCY` pages at a time until the last page. */
export async function fetchPickupPoints(client: NovaPoshtaClient, signal: AbortSignal): Promise<PickupPoint[]> {
  const points: PickupPoint[] = [];
  let received = 0;
  for (let first = 1; first <= MAX_PAGES; first += PAGE_CONCURRENCY) {
    const pages = await Promise.all(
      Array.from({ length: PAGE_CONCURRENCY }, (_, i) => client.page('Address', 'getWarehouses', toWarehousesRequest(first + i), signal, PAGE_TIMEOUT_MS)),
    );
    for (const { data, totalCount } of pages) {
      received += data.length;
      points.push(...parseWarehouses(data));
      if (isLastPage(data.length, received, totalCount)) return points;
    }
  }
  throw new ConnectorError('bad_response', `Nova Poshta Address.getWarehouses still had rows after ${MAX_PAGES} pages of ${PAGE_SIZE}`);
}

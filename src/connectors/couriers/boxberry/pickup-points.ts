import { ConnectorError } from '../../../core/errors.js';
import type { PickupPoint } from '../../../core/quotes/pickup-points.js';
import { BoxberryPoint } from './api.js';
import { BOXBERRY_COUNTRY } from './location.js';

/** ISO country by Boxberry's numeric code; keyed by number because "051" may come back as "51". */
const ISO_BY_CODE = new Map(Object.entries(BOXBERRY_COUNTRY).map(([iso, code]) => [Number(code), iso]));

/** `ListPoints` parameters: `prepaid=1` also lists the points that hand out prepaid parcels only. */
export function toListPointsRequest(countryCode: string) {
  return { prepaid: 1, CountryCode: countryCode };
}

/** `GPS` "lat,lon" → a location; anything else, out of range or 0,0 → none (the point stays usable). */
export function parseGps(gps: string | undefined): PickupPoint['location'] {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(gps ?? '');
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return undefined;
  return { lat, lon };
}

/** `Address` starts with the postcode ("117403, Москва г, …"); there is no field of its own. */
const postcodeOf = (address: string | undefined) => /^\s*(\d{4,6})\s*,/.exec(address ?? '')?.[1];

/** Lockers are flagged `Postamat: true` in newer answers; older ones only say so in the name. */
const isPostamat = (p: BoxberryPoint) => p.Postamat ?? /постамат/i.test(p.Name ?? '');

/**
 * One ListPoints entry → a pickup point. Required fields Boxberry left out become empty strings,
 * which the hub's schema check rejects and counts.
 */
export function toPickupPoint(p: BoxberryPoint, country: string): PickupPoint {
  const location = parseGps(p.GPS);
  const postcode = postcodeOf(p.Address);
  const line = p.AddressReduce ?? p.Address;
  return {
    code: p.Code ?? '',
    name: p.Name ?? '',
    address: {
      country: ISO_BY_CODE.get(Number(p.CountryCode)) ?? country,
      ...(p.Area ? { region: p.Area } : {}),
      // CityName is the city Boxberry prices by (ListCities), so a point is found where its quote is.
      city: p.CityName ?? p.Settlement ?? '',
      ...(postcode ? { postcode } : {}),
      ...(line ? { line } : {}),
    },
    ...(location ? { location } : {}),
    type: isPostamat(p) ? 'postamat' : 'pickup_point',
    ...(p.WorkShedule ? { workTime: p.WorkShedule } : {}),
    ...(p.OnlyPrepaidOrders ? { codAvailable: !/^yes$/i.test(p.OnlyPrepaidOrders) } : {}),
  };
}

/** A `ListPoints` answer for one country (ISO code) → its points. */
export function parsePickupPoints(body: unknown, country: string): PickupPoint[] {
  if (!Array.isArray(body)) throw new ConnectorError('bad_response', `Boxberry ListPoints answered ${body === null ? 'null' : typeof body} instead of a list of points`);
  return body.map((raw) => toPickupPoint(BoxberryPoint.parse(raw), country));
}

import { ConnectorError } from '../../../core/errors.js';
import type { PickupPoint } from '../../../core/quotes/pickup-points.js';
import { CdekOffice, CdekOfficePage } from './api.js';
import { cdekErrors, describeErrors } from './client.js';
import { CDEK_OFFICE_TYPE } from './status.js';

/** Offices per page of `GET /v2/deliverypoints` (the spec's example size; about 1 MB of JSON). */
export const PICKUP_PAGE_SIZE = 1000;
/** Guards against an API that ignores `page`: no country has anywhere near this many offices. */
const MAX_PAGES = 200;

/** Query for one page of a country's offices, pickup points and lockers alike. Pages count from 0. */
export function toPickupPointQuery(country: string, page: number, size: number): Record<string, string> {
  return { country_code: country, type: 'ALL', page: String(page), size: String(size) };
}

export interface PickupPointPage {
  points: PickupPoint[];
  /** Offices on the page, usable or not: a page shorter than the size asked for is the last one. */
  listed: number;
  /** `code: why` of offices that could not be read; they are left out, the rest of the list stands. */
  malformed: string[];
  /** Closed offices and offices that only take parcels in: not places a buyer collects from. */
  excluded: number;
}

/** Maps one page of `GET /v2/deliverypoints`; a broken office is left out, never fails the page. */
export function parsePickupPointPage(body: unknown): PickupPointPage {
  if (!Array.isArray(body)) {
    const errors = cdekErrors(body);
    if (errors.length) throw new ConnectorError('invalid_request', `CDEK refused the pickup point list: ${describeErrors(errors)}`, { transient: false });
  }
  const page = CdekOfficePage.safeParse(body);
  if (!page.success) throw new ConnectorError('bad_response', `CDEK pickup point list has an unexpected shape: ${page.error.issues[0]?.message ?? 'invalid'}`);
  const out: PickupPointPage = { points: [], listed: page.data.length, malformed: [], excluded: 0 };
  for (const raw of page.data) {
    const office = CdekOffice.safeParse(raw);
    const code = String((raw as { code?: unknown } | null)?.code ?? '?');
    if (!office.success) {
      const issue = office.error.issues[0];
      out.malformed.push(`${code}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
      continue;
    }
    const type = CDEK_OFFICE_TYPE[office.data.type];
    if (!type) out.malformed.push(`${code}: unknown office type ${office.data.type}`);
    else if (office.data.status === 'CLOSED' || office.data.is_handout === false) out.excluded++;
    else out.points.push(toPickupPoint(office.data, type));
  }
  return out;
}

export interface PickupPointDownload {
  points: PickupPoint[];
  malformed: string[];
  excluded: number;
}

/**
 * Every office of the countries, page by page until a short page. A failed page fails the whole
 * download: a partial list would replace the complete one the hub already has.
 */
export async function downloadPickupPoints(
  countries: readonly string[],
  size: number,
  fetchPage: (query: Record<string, string>) => Promise<unknown>,
): Promise<PickupPointDownload> {
  const byCode = new Map<string, PickupPoint>();
  const out: PickupPointDownload = { points: [], malformed: [], excluded: 0 };
  for (const country of countries) {
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) throw new ConnectorError('bad_response', `CDEK kept sending pickup points for ${country} after ${MAX_PAGES} pages of ${size}`);
      const got = parsePickupPointPage(await fetchPage(toPickupPointQuery(country, page, size)));
      const before = byCode.size;
      for (const p of got.points) byCode.set(p.code, p);
      out.malformed.push(...got.malformed);
      out.excluded += got.excluded;
      // A page with nothing new means CDEK ignored `page` and sent the same offices again.
      if (got.listed < size || (got.points.length > 0 && byCode.size === before)) break;
    }
  }
  out.points = [...byCode.values()];
  return out;
}

export function toPickupPoint(o: CdekOffice, type: PickupPoint['type']): PickupPoint {
  const l = o.location;
  const text = (s: string | undefined) => s?.trim() || undefined;
  const region = text(l.region);
  const postcode = text(l.postal_code);
  const line = text(l.address);
  // allowed_cod is CDEK's own verdict; the payment means only stand in when it is missing.
  const cod = o.allowed_cod ?? (o.have_cash === undefined && o.have_cashless === undefined ? undefined : !!(o.have_cash || o.have_cashless));
  return {
    code: o.code,
    name: text(o.name) ?? line ?? o.code,
    address: {
      country: l.country_code.toUpperCase(),
      ...(region ? { region } : {}),
      city: l.city.trim(),
      ...(postcode ? { postcode } : {}),
      ...(line ? { line } : {}),
      // Quotes to this point then need no city lookup (see location.ts).
      ...(l.city_code !== undefined ? { codes: { cdek: String(l.city_code) } } : {}),
    },
    ...(l.latitude !== undefined && l.longitude !== undefined ? { location: { lat: l.latitude, lon: l.longitude } } : {}),
    type,
    ...(text(o.work_time) ? { workTime: text(o.work_time) } : {}),
    ...(cod !== undefined ? { codAvailable: cod } : {}),
  };
}

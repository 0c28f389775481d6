import type { BookingRequest, BookingResult } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { excerpt } from '../../../core/http/client.js';
import type { RussianPostConfig } from './config.js';
import { BacklogResult, FoundOrder } from './api.js';
import { combine, mailCategory } from './rates.js';
import { MAIL_TYPES } from './status.js';

/** "Фамилия Имя Отчество" → otpravka's name fields. */
export function splitName(full: string) {
  const [surname = full, given, ...rest] = full.trim().split(/\s+/);
  return { surname, 'given-name': given ?? surname, 'middle-name': rest.length ? rest.join(' ') : undefined };
}

/** Body of `PUT /1.0/user/backlog`: one order whose order-num is the hub's shipment id. */
export function toBacklogRequest(config: RussianPostConfig, req: BookingRequest, from: string | undefined) {
  const { mass, ...dimension } = combine(req.parcels);
  const declared = req.currency === 'RUB' ? req.declaredValue : 0;
  const cod = req.currency === 'RUB' ? req.codAmount : 0;
  return [
    {
      'order-num': req.shipmentId,
      // A quote from the business API names the mail type; one from the calculator (object code) does not.
      'mail-type': req.service in MAIL_TYPES ? req.service : config.mailType,
      'mail-category': mailCategory(declared, cod),
      'mail-direct': 643,
      mass,
      dimension,
      fragile: config.fragile,
      'postoffice-code': from,
      'address-type-to': 'DEFAULT',
      'index-to': Number(req.destination.postcode),
      'region-to': req.destination.region ?? req.destination.city,
      'place-to': req.destination.city,
      // The canonical address has one line; Russian Post validates and normalises it on its side.
      'street-to': req.destination.line,
      ...splitName(req.recipient.name),
      'recipient-name': req.recipient.name,
      'tel-address': Number(req.recipient.phone.replace(/\D/g, '')) || undefined,
      'insr-value': declared > 0 || cod > 0 ? Math.max(declared, cod) : undefined,
      payment: cod > 0 ? cod : undefined,
    },
  ];
}

/** Per-position `errors[].error-codes` are Russian Post refusing the order: a rejected booking. */
export function parseBacklogResponse(body: unknown): BookingResult {
  const parsed = BacklogResult.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Russian Post PUT /1.0/user/backlog answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  const codes = (parsed.data.errors ?? []).flatMap((e) => e['error-codes']);
  if (codes.length) {
    return { state: 'rejected', message: `Russian Post refused the order: ${codes.map((c) => `${c.code}${c.description ? ` (${c.description})` : ''}`).join('; ')}` };
  }
  const id = parsed.data['result-ids']?.[0];
  if (id === undefined) throw new ConnectorError('bad_response', 'Russian Post PUT /1.0/user/backlog answered with neither result-ids nor errors');
  return { state: 'booked', courierId: String(id) };
}

/** A `/backlog/search` or `/shipment/search` answer → the order with our order-num, if any. */
export function parseSearchResponse(body: unknown, shipmentId: string): BookingResult | null {
  if (!Array.isArray(body)) throw new ConnectorError('bad_response', `Russian Post order search answered a non-list: ${excerpt(JSON.stringify(body))}`);
  // shipment/search lists batches with their orders; backlog/search lists orders.
  const rows = body.flatMap((x) => (x && typeof x === 'object' && Array.isArray((x as { orders?: unknown }).orders) ? (x as { orders: unknown[] }).orders : [x]));
  for (const row of rows) {
    const o = FoundOrder.safeParse(row);
    if (o.success && o.data['order-num'] === shipmentId) {
      return { state: 'booked', courierId: String(o.data.id), trackNumber: o.data.barcode || undefined };
    }
  }
  return null;
}

/** `DELETE /1.0/backlog` answers result-ids and per-id errors. */
export function parseDeleteResponse(body: unknown): void {
  const parsed = BacklogResult.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Russian Post DELETE /1.0/backlog answered an unexpected shape: ${excerpt(JSON.stringify(body))}`);
  const codes = (parsed.data.errors ?? []).flatMap((e) => e['error-codes']);
  if (codes.length) {
    throw new ConnectorError('invalid_request', `Russian Post refused to delete the order: ${codes.map((c) => c.description ?? c.code).join('; ')}`, { transient: false });
  }
}

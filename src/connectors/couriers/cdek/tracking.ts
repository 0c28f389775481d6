import type { ShipmentRef, TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { CdekOrderResponse } from './api.js';
import { cdekTrackStatus } from './status.js';

/** Path and query that find a shipment: by CDEK uuid, else CDEK number, else our order number. */
export function toTrackQuery(ref: ShipmentRef): { path: string; query?: Record<string, string> } {
  if (ref.courierId) return { path: `/v2/orders/${encodeURIComponent(ref.courierId)}` };
  if (ref.trackNumber) return { path: '/v2/orders', query: { cdek_number: ref.trackNumber } };
  return { path: '/v2/orders', query: { im_number: ref.shipmentId } };
}

/**
 * The order's status history, oldest first, so the hub can walk the pipeline step by step
 * (CDEK lists the newest first). Statuses CDEK marks `deleted` are dropped.
 */
export function parseTrackResponse(body: unknown, shipmentId: string): TrackUpdate[] {
  const parsed = CdekOrderResponse.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `CDEK order answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const statuses = (parsed.data.entity?.statuses ?? []).filter((s) => !s.deleted);
  return statuses
    .map((s) => ({
      shipmentId,
      status: cdekTrackStatus(s.code),
      code: s.code,
      description: [s.name, s.city].filter(Boolean).join(', ') || s.code,
      at: s.date_time,
      t: Date.parse(s.date_time),
    }))
    .sort((a, b) => a.t - b.t)
    .map(({ t: _t, ...u }) => u);
}

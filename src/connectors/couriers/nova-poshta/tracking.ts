import type { ShipmentRef, TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { StatusDocument } from './api.js';
import { mapNpStatus } from './status.js';
import { kyivIso } from './time.js';

/** Nova Poshta takes at most 100 documents per getStatusDocuments call. */
export const TRACK_BATCH = 100;

export function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** methodProperties of `TrackingDocument.getStatusDocuments`. */
export function toTrackRequest(refs: ShipmentRef[]) {
  return { Documents: refs.map((r) => ({ DocumentNumber: r.trackNumber!, Phone: '' })) };
}

export function parseTrackResponse(data: unknown[], refs: ShipmentRef[], now: Date): TrackUpdate[] {
  const byNumber = new Map(refs.map((r) => [r.trackNumber, r]));
  return data.flatMap((row) => {
    const doc = StatusDocument.safeParse(row);
    if (!doc.success) throw new ConnectorError('bad_response', `Nova Poshta getStatusDocuments returned a document without Number/StatusCode: ${doc.error.message}`);
    const ref = byNumber.get(doc.data.Number);
    if (!ref) return [];
    const code = String(doc.data.StatusCode);
    return [
      {
        shipmentId: ref.shipmentId,
        status: mapNpStatus(code),
        code,
        description: doc.data.Status ?? '',
        at: (doc.data.TrackingUpdateDate && kyivIso(doc.data.TrackingUpdateDate)) || now.toISOString(),
      },
    ];
  });
}

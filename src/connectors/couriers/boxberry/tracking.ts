import type { TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { BoxberryStatuses } from './api.js';
import { boxberryTrackStatus } from './status.js';

/**
 * Boxberry dates come without an offset, as `DD.MM.YYYY HH:mm` (ListStatusesFull) or
 * `YYYY-MM-DD[T ]HH:mm:ss` (ListStatuses); they are Moscow time.
 */
export function parseBoxberryDate(s: string): string {
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s.trim());
  if (ru) return `${ru[3]}-${ru[2]}-${ru[1]}T${ru[4]}:${ru[5]}:${ru[6] ?? '00'}+03:00`;
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(s.trim());
  if (iso) return `${iso[1]}T${iso[2]!.length === 5 ? `${iso[2]}:00` : iso[2]}+03:00`;
  throw new ConnectorError('bad_response', `Boxberry status date "${s}" is in an unknown format`);
}

/** ListStatusesFull → the status history, oldest first. */
export function parseTrackResponse(body: unknown, shipmentId: string): TrackUpdate[] {
  const parsed = BoxberryStatuses.safeParse(body);
  if (!parsed.success) throw new ConnectorError('bad_response', `Boxberry ListStatusesFull answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.statuses
    .map((s) => ({
      shipmentId,
      status: boxberryTrackStatus(s.Name),
      code: s.Name,
      description: s.Comment ? `${s.Name}: ${s.Comment}` : s.Name,
      at: parseBoxberryDate(s.Date),
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

import type { ShipmentRef, TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import type { DpdAuth } from './client.js';
import { StatesResponse } from './api.js';
import { mapDpdState } from './status.js';

/** `request` element of tracing `getStatesByDPDOrder` (one DPD order number per call). */
export function toTrackRequest(auth: DpdAuth, dpdOrderNr: string) {
  return { request: { auth, dpdOrderNr } };
}

/** The latest state of the order's parcels; DPD times are Moscow local time without an offset. */
export function parseTrackResponse(result: unknown, ref: ShipmentRef): TrackUpdate | null {
  const parsed = StatesResponse.safeParse(result);
  if (!parsed.success) throw new ConnectorError('bad_response', `DPD getStatesByDPDOrder answered an unexpected shape: ${parsed.error.message}`);
  const states = parsed.data.return.flatMap((r) => r.states);
  if (!states.length) return null;
  const last = states.reduce((a, b) => (b.transitionTime > a.transitionTime ? b : a));
  const mapped = mapDpdState(last.newState, last.isReturn === 'true');
  const where = last.terminalCity ? ` (${last.terminalCity})` : '';
  return {
    shipmentId: ref.shipmentId,
    status: mapped.status,
    code: last.newState,
    description: `${mapped.description}${where}${last.incidentName ? `: ${last.incidentName}` : ''}`,
    at: moscowIso(last.transitionTime),
  };
}

function moscowIso(local: string): string {
  return /[zZ]|[+-]\d\d:\d\d$/.test(local) ? local : `${local}+03:00`;
}

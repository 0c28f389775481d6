import type { TrackStatus } from '../../../core/connectors/contract.js';

/** TrackingDocument.getStatusDocuments `StatusCode` (Nova Poshta API docs, «Статуси відправлень»). */
export const NP_STATUS: Readonly<Record<string, TrackStatus>> = {
  '1': 'booked', // waybill created, parcel not handed over yet
  '2': 'cancelled', // deleted
  '3': 'unknown', // number not found
  '4': 'in_transit', // in the sender's city
  '41': 'in_transit', // in the city (local delivery)
  '5': 'in_transit', // on the way to the recipient's city
  '6': 'in_transit', // in the recipient's city, arrival expected
  '7': 'in_transit', // arrived at the branch
  '8': 'in_transit', // arrived at the branch (parcel locker)
  '9': 'delivered', // received
  '10': 'delivered', // received, money transfer within a day
  '11': 'delivered', // received, money transfer paid out
  '12': 'in_transit', // Nova Poshta is assembling the parcel
  '14': 'in_transit', // handed to the recipient for inspection
  '101': 'in_transit', // on the way to the recipient (courier)
  '102': 'returned', // recipient refused, return created
  '103': 'returned', // recipient refused
  '104': 'in_transit', // address changed
  '105': 'returned', // storage stopped
  '106': 'delivered', // received, return delivery waybill created
  '111': 'in_transit', // failed delivery attempt, recipient absent
  '112': 'in_transit', // delivery date moved by the recipient
};

export function mapNpStatus(code: string): TrackStatus {
  return NP_STATUS[code] ?? 'unknown';
}

import type { TrackStatus } from '../../../core/connectors/contract.js';

/** DPD tracing `newState` values (DPD integration guide, «Статусы посылок»). */
export const DPD_STATES: Readonly<Record<string, { status: TrackStatus; description: string }>> = {
  NewOrderByClient: { status: 'booked', description: 'Order placed by the client' },
  NewOrderByDPD: { status: 'booked', description: 'Order placed by DPD' },
  NotDone: { status: 'cancelled', description: 'Order cancelled' },
  OnTerminalPickup: { status: 'in_transit', description: 'At the pickup terminal' },
  OnRoad: { status: 'in_transit', description: 'On the way between terminals' },
  OnTerminal: { status: 'in_transit', description: 'At a transit terminal' },
  OnTerminalDelivery: { status: 'in_transit', description: 'At the delivery terminal, ready for delivery or collection' },
  Delivering: { status: 'in_transit', description: 'Out for delivery with a courier' },
  Delivered: { status: 'delivered', description: 'Delivered to the recipient' },
  ReturnedFromDelivery: { status: 'in_transit', description: 'Back at the terminal after a failed delivery' },
  Problem: { status: 'in_transit', description: 'Problem with the parcel, DPD is resolving it' },
  Lost: { status: 'unknown', description: 'Parcel lost' },
};

/** `createOrder` / `getOrderStatus` answer statuses. */
export const DPD_ORDER_STATES = {
  OK: 'booked',
  OrderDuplicate: 'booked',
  OrderPending: 'pending',
  OrderError: 'rejected',
  OrderCancelled: 'rejected',
} as const;

export function mapDpdState(code: string, isReturn: boolean): { status: TrackStatus; description: string } {
  const known = DPD_STATES[code];
  if (!known) return { status: 'unknown', description: `Unknown DPD state ${code}` };
  // A return parcel delivered back to the shop is a return, not a delivery.
  if (isReturn && known.status === 'delivered') return { status: 'returned', description: 'Returned to the sender' };
  return known;
}

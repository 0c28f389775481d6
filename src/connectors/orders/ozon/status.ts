import type { OrderStatus } from '../../../core/model/index.js';

export type HubStatus = OrderStatus | 'unknown';

/**
 * Ozon posting status (Seller API `status`) → the hub's order status. Statuses in which the seller
 * still packs or hands over the parcel are `new`; arbitration and "not accepted at the sorting
 * centre" need a person and stay `unknown`.
 * https://docs.ozon.ru/api/seller/#operation/PostingFbsList
 */
export const OZON_STATUS: Readonly<Record<string, OrderStatus>> = {
  awaiting_registration: 'new',
  awaiting_verification: 'new',
  acceptance_in_progress: 'new',
  awaiting_approve: 'new',
  awaiting_packaging: 'new',
  awaiting_deliver: 'new',
  sent_by_seller: 'in_transit',
  driver_pickup: 'in_transit',
  delivering: 'in_transit',
  delivered: 'delivered',
  cancelled: 'cancelled',
  cancelled_from_split_pending: 'cancelled',
};

export function hubStatusOf(ozonStatus: string | undefined): HubStatus {
  return (ozonStatus && OZON_STATUS[ozonStatus]) || 'unknown';
}

/** Push notification types that change a posting and so trigger a pull. */
export const OZON_TRIGGER_PUSHES: ReadonlySet<string> = new Set(['TYPE_NEW_POSTING', 'TYPE_STATE_CHANGED', 'TYPE_POSTING_CANCELLED']);

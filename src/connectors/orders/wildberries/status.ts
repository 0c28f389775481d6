import type { OrderStatus } from '../../../core/model/index.js';

export type HubStatus = OrderStatus | 'unknown';

/**
 * `wbStatus` (what Wildberries did) → hub status. It wins over `supplierStatus` whenever it is
 * decisive. `canceled_by_client` (refused at the pickup point) and `defect` happen after hand-over,
 * so the goods come back: `returned`. https://dev.wildberries.ru/openapi/orders-fbs (orders/status)
 */
export const WB_STATUS: Readonly<Record<string, OrderStatus>> = {
  sold: 'delivered',
  canceled: 'cancelled',
  declined_by_client: 'cancelled',
  canceled_by_carrier: 'cancelled',
  canceled_by_client: 'returned',
  defect: 'returned',
  sorted: 'in_transit',
  ready_for_pickup: 'in_transit',
  postponed_delivery: 'in_transit',
  accepted_by_carrier: 'in_transit',
  sent_to_carrier: 'in_transit',
};

/** `supplierStatus` (what the seller did) → hub status, used while `wbStatus` is `waiting`. */
export const SUPPLIER_STATUS: Readonly<Record<string, OrderStatus>> = {
  new: 'new',
  confirm: 'new',
  complete: 'in_transit',
  cancel: 'cancelled',
  cancel_carrier: 'cancelled',
};

export function hubStatusOf(supplierStatus: string | undefined, wbStatus: string | undefined): HubStatus {
  return (wbStatus && WB_STATUS[wbStatus]) || (supplierStatus && SUPPLIER_STATUS[supplierStatus]) || 'unknown';
}

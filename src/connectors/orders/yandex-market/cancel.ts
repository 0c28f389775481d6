import type { UpdateOrderStatusRequest } from './api.js';

/**
 * The body that cancels an order the shop cannot fulfil (PUT .../orders/{orderId}/status): status
 * CANCELLED with substatus SHOP_FAILED, allowed from PROCESSING/STARTED and PROCESSING/READY_TO_SHIP.
 * Market takes no free-text reason here; the hub's reason stays in its own history.
 */
export function toCancelRequest(): UpdateOrderStatusRequest {
  return { order: { status: 'CANCELLED', substatus: 'SHOP_FAILED' } };
}

export function cancelPath(campaignId: number, orderId: string): string {
  return `/v2/campaigns/${campaignId}/orders/${encodeURIComponent(orderId)}/status`;
}

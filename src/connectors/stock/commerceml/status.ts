import type { OrderStatus } from '../../../core/model/index.js';

/** Hub status → the "Статус заказа" text sent to 1C (site-module convention `[code] name`). */
export const STATUS_TO_1C: Readonly<Record<OrderStatus, string>> = {
  new: '[N] Новый',
  confirmed: '[C] Подтвержден',
  booking: '[P] Передается в доставку',
  booked: '[B] Оформлена доставка',
  in_transit: '[T] Передан в доставку',
  delivered: '[F] Доставлен',
  cancelled: '[X] Отменен',
  returned: '[R] Возврат',
};

/** Status codes in 1C's "Статус заказа" (`[F] Доставлен`) and "Статуса заказа ИД" → hub status. */
export const STATUS_FROM_1C: Readonly<Record<string, OrderStatus>> = {
  N: 'new',
  C: 'confirmed',
  P: 'booking',
  B: 'booked',
  T: 'in_transit',
  D: 'in_transit',
  F: 'delivered',
  X: 'cancelled',
  R: 'returned',
};

/**
 * The hub status an order update from 1C points at, or 'unknown' when 1C says nothing the hub can
 * act on. Cancellation wins; then a final/shipped flag; then the status code.
 */
export function statusFrom1c(u: { cancelled?: boolean; shipped?: boolean; final?: boolean; statusCode?: string }): OrderStatus | 'unknown' {
  if (u.cancelled) return 'cancelled';
  const byCode = u.statusCode ? STATUS_FROM_1C[u.statusCode.toUpperCase()] : undefined;
  if (byCode) return byCode;
  if (u.final) return 'delivered';
  if (u.shipped) return 'in_transit';
  return 'unknown';
}

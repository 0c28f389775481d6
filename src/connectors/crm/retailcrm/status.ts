import type { OrderStatus } from '../../../core/model/index.js';
import type { RetailCrmConfig } from './config.js';

/** The retailCRM order status code for a hub status, or `undefined` when it is not pushed. */
export function crmStatusFor(status: OrderStatus, map: RetailCrmConfig['statusMap']): string | undefined {
  const code = map[status];
  return code ? code : undefined;
}

/**
 * Delivery statuses the hub reports through the module (`statusList` of the registration and the
 * `status.code` of `get` answers). The hub's own shipment/track statuses are used as the codes.
 */
export const DELIVERY_STATUSES = [
  { code: 'booking', name: 'Оформляется', isEditable: true, isError: false, isPreprocessing: true },
  { code: 'booked', name: 'Оформлен у перевозчика', isEditable: false, isError: false, isPreprocessing: false },
  { code: 'in_transit', name: 'В пути', isEditable: false, isError: false, isPreprocessing: false },
  { code: 'delivered', name: 'Доставлен', isEditable: false, isError: false, isPreprocessing: false },
  { code: 'returned', name: 'Возврат', isEditable: false, isError: false, isPreprocessing: false },
  { code: 'cancelled', name: 'Отменён', isEditable: false, isError: false, isPreprocessing: false },
  { code: 'failed', name: 'Ошибка оформления', isEditable: true, isError: true, isPreprocessing: false },
  { code: 'unknown', name: 'Неизвестно', isEditable: false, isError: false, isPreprocessing: false },
] as const;
export type DeliveryStatusCode = (typeof DELIVERY_STATUSES)[number]['code'];

const KNOWN = new Set<string>(DELIVERY_STATUSES.map((s) => s.code));

/** A hub shipment status as a registered delivery status code; anything else is `unknown`. */
export function deliveryStatusCode(status: string): DeliveryStatusCode {
  return (KNOWN.has(status) ? status : 'unknown') as DeliveryStatusCode;
}

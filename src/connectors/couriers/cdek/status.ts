import type { DeliveryType } from '../../../core/model/index.js';
import type { TrackStatus } from '../../../core/connectors/contract.js';

/** Order status codes, "Приложение 1. Статусы заказов" of the CDEK API v2 docs. Unknown codes → 'unknown'. */
export const CDEK_ORDER_STATUS = {
  ACCEPTED: 'booked',
  CREATED: 'booked',
  REMOVED: 'cancelled',
  RECEIVED_AT_SHIPMENT_WAREHOUSE: 'in_transit',
  READY_FOR_SHIPMENT_IN_SENDER_CITY: 'in_transit',
  TAKEN_BY_TRANSPORTER_FROM_SENDER_CITY: 'in_transit',
  SENT_TO_RECIPIENT_CITY: 'in_transit',
  ACCEPTED_IN_RECIPIENT_CITY: 'in_transit',
  ACCEPTED_AT_RECIPIENT_CITY_WAREHOUSE: 'in_transit',
  TAKEN_BY_COURIER: 'in_transit',
  ACCEPTED_AT_PICK_UP_POINT: 'in_transit',
  ACCEPTED_AT_TRANSIT_WAREHOUSE: 'in_transit',
  READY_FOR_SHIPMENT_IN_TRANSIT_CITY: 'in_transit',
  TAKEN_BY_TRANSPORTER_FROM_TRANSIT_CITY: 'in_transit',
  SENT_TO_TRANSIT_CITY: 'in_transit',
  ACCEPTED_IN_TRANSIT_CITY: 'in_transit',
  ENTERED_TO_TRANSIT_WAREHOUSE: 'in_transit',
  ENTERED_TO_RECIPIENT_CITY_WAREHOUSE: 'in_transit',
  ENTERED_TO_PICK_UP_POINT: 'in_transit',
  IN_CUSTOMS_INTERNATIONAL: 'in_transit',
  SHIPPED_TO_DESTINATION: 'in_transit',
  PASSED_TO_TRANSIT_CARRIER: 'in_transit',
  IN_CUSTOMS_LOCAL: 'in_transit',
  CUSTOMS_COMPLETE: 'in_transit',
  POSTOMAT_POSTED: 'in_transit',
  // A second arrival in the recipient's or a transit city (failed attempt, re-routing): still on its way.
  RETURNED_TO_RECIPIENT_CITY_WAREHOUSE: 'in_transit',
  RETURNED_TO_TRANSIT_WAREHOUSE: 'in_transit',
  DELIVERED: 'delivered',
  POSTOMAT_RECEIVED: 'delivered',
  // "Не вручен": the recipient refused, the parcel goes back to the shop (final status in CDEK).
  NOT_DELIVERED: 'returned',
  POSTOMAT_SEIZED: 'returned',
  SENT_TO_SENDER_CITY: 'returned',
  ACCEPTED_IN_SENDER_CITY: 'returned',
  RETURNED_TO_SENDER_CITY_WAREHOUSE: 'returned',
} as const satisfies Record<string, TrackStatus>;

export function cdekTrackStatus(code: string): TrackStatus {
  return (CDEK_ORDER_STATUS as Record<string, TrackStatus>)[code] ?? 'unknown';
}

/** `delivery_mode`, "Приложение 15. Режимы доставки": what matters to the buyer is the destination end. */
export const CDEK_DELIVERY_MODE: Readonly<Record<number, DeliveryType>> = {
  1: 'door', // дверь-дверь
  2: 'pickup_point', // дверь-склад
  3: 'door', // склад-дверь
  4: 'pickup_point', // склад-склад
  6: 'postamat', // дверь-постамат
  7: 'postamat', // склад-постамат
  8: 'door', // постамат-дверь
  9: 'pickup_point', // постамат-склад
  10: 'postamat', // постамат-постамат
};

/**
 * Error codes ("Список возможных ошибок") that mean CDEK cannot carry these parcels to that place:
 * an expected outcome (`noService`), not a failure.
 */
export const CDEK_NO_SERVICE_CODES: ReadonlySet<string> = new Set([
  'err_result_servicelist_empty',
  'err_result_service_empty',
  'error_validate_tariff_not_supported_for_this_direction',
  'err_invalid_tariff_with_dimentions',
  'v2_recipient_location_not_recognized',
  've_reverse_tariff_not_available',
]);

/** INVALID create request because an order with this number already exists: look it up instead. */
export const CDEK_DUPLICATE_NUMBER = 'error_validate_im_dep_number_has_already_had_integration';
/** `GET /v2/orders?im_number=` for a number CDEK does not know. */
export const CDEK_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['v2_entity_not_found_im_number', 'v2_entity_not_found', 'v2_order_not_found']);

/** Office `type` of `GET /v2/deliverypoints`; other types are left out of the pickup point list. */
export const CDEK_OFFICE_TYPE: Readonly<Record<string, 'pickup_point' | 'postamat'>> = {
  PVZ: 'pickup_point', // склад СДЭК
  POSTAMAT: 'postamat',
};

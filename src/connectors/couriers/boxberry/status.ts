import type { TrackStatus } from '../../../core/connectors/contract.js';

/**
 * Boxberry reports statuses by name only (ListStatuses/ListStatusesFull `Name`); keys are the names
 * lower-cased. Unknown names → 'unknown'.
 */
export const BOXBERRY_STATUS = {
  'загружен реестр им': 'booked',
  'заказ создан в личном кабинете': 'booked',
  'принято к доставке': 'in_transit',
  'заказ передан на доставку': 'in_transit',
  'передано на сортировку': 'in_transit',
  'отправлен на сортировочный терминал': 'in_transit',
  'отправлено в город назначения': 'in_transit',
  'передан на доставку до пункта выдачи': 'in_transit',
  'передано на курьерскую доставку': 'in_transit',
  'поступило в пункт выдачи': 'in_transit',
  // Back from a failed courier attempt, usually delivered again.
  'возвращено с курьерской доставки': 'in_transit',
  выдано: 'delivered',
  'готовится к возврату': 'returned',
  'отправлено в пункт приема': 'returned',
  'возвращено в пункт приема': 'returned',
  'возвращено в им': 'returned',
} as const satisfies Record<string, TrackStatus>;

export function boxberryTrackStatus(name: string): TrackStatus {
  return (BOXBERRY_STATUS as Record<string, TrackStatus>)[name.trim().toLowerCase().replace(/ё/g, 'е')] ?? 'unknown';
}

/** DeliveryTypeId / `vid`: the service codes this connector offers. */
export const BOXBERRY_SERVICE = {
  '1': { deliveryType: 'pickup_point', name: 'Boxberry: до пункта выдачи' },
  '2': { deliveryType: 'door', name: 'Boxberry: курьерская доставка' },
} as const;

/** Messages that mean Boxberry cannot deliver there: an expected outcome, not a failure. */
export const NO_SERVICE_MESSAGE = /не осуществляется|не доставляет|доставка невозможна|не обслужива|нет пункт|не найден.*(город|пункт|индекс)|(город|пункт|индекс).*не найден/i;
/** Messages that mean the parcel is unknown. */
export const NOT_FOUND_MESSAGE = /не найден|not found|нет данных|отсутству/i;
/** ParselCreate: an order with this order_id exists already. */
export const DUPLICATE_MESSAGE = /уже существует|already exists|уже создан/i;

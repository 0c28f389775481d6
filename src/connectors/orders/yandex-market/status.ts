import type { OrderStatus } from '../../../core/model/index.js';

/**
 * Where a Market order status sits in the hub's pipeline. Only a hint kept in `sourceData`: the hub
 * moves its own status by its own rules. Unknown codes map to 'unknown' (Market adds values freely).
 */
export const MARKET_STATUS: Readonly<Record<string, OrderStatus | 'unknown'>> = {
  PLACING: 'new',
  RESERVED: 'new',
  UNPAID: 'new',
  PENDING: 'new',
  PROCESSING: 'new',
  DELIVERY: 'in_transit',
  PICKUP: 'in_transit',
  DELIVERED: 'delivered',
  CANCELLED: 'cancelled',
  PARTIALLY_RETURNED: 'returned',
  RETURNED: 'returned',
  UNKNOWN: 'unknown',
};

export function hubStatusOf(marketStatus: string | undefined): OrderStatus | 'unknown' {
  return (marketStatus && MARKET_STATUS[marketStatus]) || 'unknown';
}

/** Market payment types; a missing type means payment on delivery (spec: OrderPaymentType). */
export const PAYMENT_TYPE: Readonly<Record<string, 'prepaid' | 'cod'>> = {
  PREPAID: 'prepaid',
  POSTPAID: 'cod',
};

/** Market's region ids of countries the hub serves, and country names as Market writes them. */
export const COUNTRY_BY_REGION_ID: Readonly<Record<number, string>> = { 225: 'RU', 149: 'BY', 159: 'KZ', 187: 'UA', 167: 'AM', 168: 'UZ', 207: 'KG' };
export const COUNTRY_BY_NAME: Readonly<Record<string, string>> = {
  Россия: 'RU',
  Беларусь: 'BY',
  Казахстан: 'KZ',
  Украина: 'UA',
  Армения: 'AM',
  Узбекистан: 'UZ',
  Киргизия: 'KG',
};

/** Market's legacy currency code for roubles. */
export const CURRENCY: Readonly<Record<string, string>> = { RUR: 'RUB' };

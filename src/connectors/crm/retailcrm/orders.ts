import type { Order } from '../../../core/model/index.js';
import type { RetailCrmConfig } from './config.js';
import { crmStatusFor } from './status.js';
import { toMajor } from './units.js';

/** The `order` object of `POST /api/v5/orders/create` (sent as JSON inside the form). */
export interface CrmOrderInput {
  externalId: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  phone?: string;
  email?: string;
  countryIso?: string;
  status?: string;
  orderType?: string;
  orderMethod?: string;
  customerComment?: string;
  managerComment?: string;
  items: { offer: { externalId: string }; productName: string; initialPrice: number; quantity: number }[];
  delivery: {
    code?: string;
    cost?: number;
    address: { countryIso?: string; region?: string; city?: string; index?: string; text?: string };
  };
  payments: { type: string; amount?: number }[];
  customFields?: Record<string, string>;
}

/**
 * A hub order as a retailCRM order. `externalId` is the hub's order id, so a retry finds the order;
 * items are matched to the catalog by the offer's external id (the shop's SKU).
 */
export function toCrmOrder(order: Order, config: RetailCrmConfig): CrmOrderInput {
  const name = splitName(order.customer.name);
  const addr = order.delivery.address;
  const paymentType = config.paymentTypeMap[order.payment.method];
  return prune({
    externalId: order.id,
    ...name,
    phone: order.customer.phone,
    email: order.customer.email,
    countryIso: addr.country,
    status: crmStatusFor(order.status, config.statusMap),
    orderType: config.orderTypeCode,
    orderMethod: config.orderMethodCode,
    customerComment: order.comment,
    managerComment: `Svyazka: ${order.source} #${order.externalId}`,
    items: order.lines.map((l) => ({
      offer: { externalId: l.sku },
      productName: l.name,
      initialPrice: toMajor(l.price),
      quantity: l.qty,
    })),
    delivery: prune({
      code: config.deliveryCode,
      cost: order.deliveryPrice === undefined ? undefined : toMajor(order.deliveryPrice),
      address: prune({ countryIso: addr.country, region: addr.region, city: addr.city, index: addr.postcode, text: addr.line }),
    }),
    payments: paymentType
      ? [prune({ type: paymentType, amount: order.payment.method === 'prepaid' ? toMajor(order.totals.total) : undefined })]
      : [],
    customFields: config.sourceCustomField ? { [config.sourceCustomField]: order.source } : undefined,
  });
}

/** The form of `POST /api/v5/orders/create`: `site` and the order as JSON. */
export function toCreateForm(order: Order, config: RetailCrmConfig): Record<string, string> {
  return { site: config.siteCode, order: JSON.stringify(toCrmOrder(order, config)) };
}

/**
 * The form of `POST /api/v5/orders/{externalId}/edit` that moves the status, or `undefined` when the
 * hub status is not mapped (the caller skips it).
 */
export function toStatusEditForm(order: Order, config: RetailCrmConfig): Record<string, string> | undefined {
  const status = crmStatusFor(order.status, config.statusMap);
  if (!status) return undefined;
  return { by: 'externalId', site: config.siteCode, order: JSON.stringify({ status }) };
}

const PATRONYMIC = /(вич|вна|ична|инична|оглы|кызы)$/i;

/**
 * A full name as retailCRM's first/last/patronymic. "Имя Фамилия" is the common web-form order;
 * three words ending in a patronymic are read as "Фамилия Имя Отчество".
 */
export function splitName(full: string): { firstName: string; lastName?: string; patronymic?: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: parts[0] ?? full };
  if (parts.length === 3 && PATRONYMIC.test(parts[2]!)) return { lastName: parts[0], firstName: parts[1]!, patronymic: parts[2] };
  return { firstName: parts[0]!, lastName: parts.slice(1).join(' ') };
}

/** Drops `undefined` fields so the JSON sent is what retailCRM should set, nothing more. */
function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

import { OrderInput } from '../../../core/model/index.js';
import type { OzonPosting, OzonProduct } from './api.js';
import { toMinorUnits } from '../../../core/money.js';
import { hubStatusOf } from './status.js';

/** Placeholders for what Ozon hides on FBS postings (the buyer is Ozon's customer, not the shop's). */
export const HIDDEN_BUYER_NAME = 'Ozon buyer';
export const UNKNOWN_CITY = 'unknown';

/** Russian country names Ozon writes in `customer.address.country`. */
const COUNTRIES: Readonly<Record<string, string>> = {
  россия: 'RU', 'российская федерация': 'RU', беларусь: 'BY', казахстан: 'KZ', армения: 'AM', кыргызстан: 'KG', киргизия: 'KG', узбекистан: 'UZ', грузия: 'GE',
};

export type MapOutcome = { ok: true; order: OrderInput } | { ok: false; externalId: string | undefined; reason: string };

export interface MapContext {
  source: string;
  defaultCountry: string;
}

/** One posting → canonical order, or the reason it cannot be one (for the dead-letter list). */
export function mapPosting(p: OzonPosting, ctx: MapContext): MapOutcome {
  const fail = (reason: string): MapOutcome => ({ ok: false, externalId: p.posting_number, reason: `Ozon posting ${p.posting_number}: ${reason}` });
  if (p.products.length === 0) return fail('has no products');
  const lines = [];
  const currencies = new Set<string>();
  for (const prod of p.products) {
    const price = priceOf(prod);
    if (price.minor === undefined) return fail(`price ${JSON.stringify(prod.price)} of offer ${prod.offer_id} is not a decimal amount`);
    if (!price.currency) return fail(`offer ${prod.offer_id} has no currency`);
    currencies.add(price.currency.toUpperCase());
    lines.push({
      sku: prod.offer_id,
      name: prod.name?.trim() || prod.offer_id,
      qty: prod.quantity,
      price: price.minor,
      ...(prod.sku != null && String(prod.sku) !== '' ? { externalIds: { ozon: String(prod.sku) } } : {}),
    });
  }
  if (currencies.size > 1) return fail(`products are priced in several currencies (${[...currencies].join(', ')})`);

  const customer = p.customer;
  const address = customer?.address;
  const name = customer?.name?.trim() || p.addressee?.name?.trim() || '';
  const phone = customer?.phone?.trim() || p.addressee?.phone?.trim() || '';
  const email = customer?.customer_email?.trim();
  const city = address?.city?.trim() || p.analytics_data?.city?.trim() || '';
  const region = address?.region?.trim() || p.analytics_data?.region?.trim() || undefined;
  const hubStatus = hubStatusOf(p.status ?? undefined);

  const candidate = {
    source: ctx.source,
    externalId: p.posting_number,
    currency: [...currencies][0],
    customer: {
      name: name || HIDDEN_BUYER_NAME,
      ...(phone.length >= 3 ? { phone } : {}),
      ...(email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { email } : {}),
    },
    delivery: {
      address: {
        country: countryOf(address?.country, ctx.defaultCountry),
        city: city || UNKNOWN_CITY,
        ...(region ? { region } : {}),
        ...(address?.zip_code?.trim() ? { postcode: address.zip_code.trim() } : {}),
        ...(address?.address_tail?.trim() ? { line: address.address_tail.trim() } : {}),
      },
    },
    lines,
    // Ozon takes the buyer's money itself; the shop never collects cash on delivery.
    payment: { method: 'prepaid' as const },
    ...(address?.comment?.trim() ? { comment: address.comment.trim().slice(0, 2000) } : {}),
    sourceData: {
      status: p.status ?? null,
      substatus: p.substatus ?? null,
      hubStatus,
      orderId: p.order_id != null ? String(p.order_id) : null,
      orderNumber: p.order_number ?? null,
      inProcessAt: p.in_process_at ?? null,
      shipmentDate: p.shipment_date ?? null,
      trackingNumber: p.tracking_number || null,
      deliveryMethod: p.delivery_method
        ? {
            id: p.delivery_method.id != null ? String(p.delivery_method.id) : null,
            name: p.delivery_method.name ?? null,
            warehouseId: p.delivery_method.warehouse_id != null ? String(p.delivery_method.warehouse_id) : null,
            warehouse: p.delivery_method.warehouse ?? null,
            tplProvider: p.delivery_method.tpl_provider ?? null,
          }
        : null,
      tplIntegrationType: p.tpl_integration_type ?? null,
      deliveryType: p.analytics_data?.delivery_type ?? null,
      paymentType: p.analytics_data?.payment_type_group_name ?? null,
      isExpress: p.is_express ?? false,
      pickupPoint: address?.pvz_code ? String(address.pvz_code) : null,
      buyerHidden: !name || phone.length < 3,
      cancelReason: p.cancellation?.cancel_reason || null,
    },
  };
  const parsed = OrderInput.safeParse(candidate);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { ok: true, order: parsed.data };
}

function priceOf(prod: OzonProduct): { minor: number | undefined; currency: string | undefined } {
  const raw = prod.price;
  if (typeof raw === 'object') return { minor: toMinorUnits(raw.amount, { negative: false }), currency: raw.currency ?? prod.currency_code ?? undefined };
  return { minor: toMinorUnits(raw, { negative: false }), currency: prod.currency_code ?? undefined };
}

function countryOf(name: string | null | undefined, fallback: string): string {
  const n = name?.trim();
  if (!n) return fallback;
  if (/^[A-Za-z]{2}$/.test(n)) return n.toUpperCase();
  return COUNTRIES[n.toLowerCase()] ?? fallback;
}

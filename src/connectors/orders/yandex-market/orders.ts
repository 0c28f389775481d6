import type { Address, OrderInput, OrderLine } from '../../../core/model/index.js';
import { ConnectorError } from '../../../core/errors.js';
import { GetOrderResponse, GetOrdersResponse, type OrderItemWire, type OrderWire, type RegionWire } from './api.js';
import { toMinorUnits } from '../../../core/money.js';
import { COUNTRY_BY_NAME, COUNTRY_BY_REGION_ID, CURRENCY, PAYMENT_TYPE, hubStatusOf } from './status.js';

const DEFAULT_BUYER_NAME = 'Покупатель Яндекс Маркета';
const CITY_TYPES = new Set(['CITY', 'VILLAGE']);
const SUBJECT_TYPES = new Set(['REPUBLIC', 'SUBJECT_FEDERATION']);

export function parseGetOrderResponse(body: unknown, source: string, campaignId: number): OrderInput {
  const parsed = GetOrderResponse.safeParse(body);
  if (!parsed.success) throw badResponse('GET order', parsed.error.issues);
  return mapOrder(parsed.data.order, source, campaignId);
}

export function parseOrdersPage(body: unknown, source: string, campaignId: number): { orders: OrderInput[]; nextPageToken?: string } {
  const parsed = GetOrdersResponse.safeParse(body);
  if (!parsed.success) throw badResponse('GET orders', parsed.error.issues);
  return {
    orders: parsed.data.orders.map((o) => mapOrder(o, source, campaignId)),
    nextPageToken: parsed.data.paging?.nextPageToken,
  };
}

/**
 * OrderDTO → canonical order. Line price is `price`: what the buyer pays per unit in the order's
 * currency after Market's discounts; Market's compensation for those discounts (subsidies) is paid
 * to the shop separately and is kept in sourceData, not in the price.
 */
export function mapOrder(o: OrderWire, source: string, campaignId: number): OrderInput {
  const orderId = String(o.id);
  const address = o.delivery?.address;
  const buyerName = [o.buyer?.lastName, o.buyer?.firstName, o.buyer?.middleName].filter(Boolean).join(' ');
  const phone = address?.phone?.trim();
  const deliveryPrice = o.deliveryTotal ?? o.delivery?.price;
  return {
    source,
    externalId: orderId,
    currency: CURRENCY[o.currency] ?? o.currency,
    customer: { name: buyerName || address?.recipient?.trim() || DEFAULT_BUYER_NAME, ...(phone ? { phone } : {}) },
    delivery: { address: mapAddress(o) },
    lines: o.items.map((item, i) => mapLine(item, orderId, i)),
    payment: { method: PAYMENT_TYPE[o.paymentType ?? 'POSTPAID'] ?? 'cod' },
    ...(deliveryPrice !== undefined ? { deliveryPrice: money(deliveryPrice, `order ${orderId} deliveryTotal`) } : {}),
    ...(o.notes ? { comment: o.notes.slice(0, 2000) } : {}),
    sourceData: {
      platform: 'yandex-market',
      campaignId,
      orderId,
      status: o.status,
      substatus: o.substatus,
      hubStatus: hubStatusOf(o.status),
      paymentType: o.paymentType,
      paymentMethod: o.paymentMethod,
      fake: o.fake,
      createdAt: o.creationDate ? moscowTime(o.creationDate) : undefined,
      updatedAt: o.updatedAt ? moscowTime(o.updatedAt) : undefined,
      deliveryType: o.delivery?.type,
      deliveryServiceName: o.delivery?.serviceName,
      deliveryPartnerType: o.delivery?.deliveryPartnerType,
      outletCode: o.delivery?.outletCode,
      shipmentIds: o.delivery?.shipments?.flatMap((s) => (s.id === undefined ? [] : [String(s.id)])),
      buyerContactHidden: !phone,
      subsidies: o.items.map((it) => ({ itemId: it.id === undefined ? undefined : String(it.id), amount: subsidyOf(it) })).filter((s) => s.amount),
    },
  };
}

function mapLine(item: OrderItemWire, orderId: string, i: number): OrderLine {
  const sku = (item.offerId ?? item.shopSku)?.trim();
  if (!sku) throw new ConnectorError('bad_response', `Yandex Market order ${orderId} item #${i + 1} has neither offerId nor shopSku`);
  const externalIds: Record<string, string> = {};
  if (item.id !== undefined) externalIds.marketItemId = String(item.id);
  if (item.marketSku !== undefined) externalIds.marketSku = String(item.marketSku);
  return {
    sku,
    name: item.offerName?.trim() || sku,
    qty: item.count,
    price: money(item.price, `order ${orderId} item ${sku} price`),
    ...(Object.keys(externalIds).length ? { externalIds } : {}),
  };
}

function mapAddress(o: OrderWire): Address {
  const a = o.delivery?.address;
  const regions = regionChain(o.delivery?.region);
  const country =
    (a?.country && COUNTRY_BY_NAME[a.country.trim()]) ||
    regions.map((r) => COUNTRY_BY_REGION_ID[r.id]).find(Boolean) ||
    'RU';
  const city = a?.city?.trim() || regions.find((r) => CITY_TYPES.has(r.type ?? ''))?.name || regions[0]?.name || 'не указан';
  const region = regions.find((r) => SUBJECT_TYPES.has(r.type ?? ''))?.name;
  const line = a
    ? [a.street, a.house && `д. ${a.house}`, a.block && `корп. ${a.block}`, a.building && `стр. ${a.building}`, a.apartment && `кв. ${a.apartment}`]
        .filter(Boolean)
        .join(', ')
    : '';
  return {
    country,
    city,
    ...(region ? { region } : {}),
    ...(a?.postcode ? { postcode: a.postcode } : {}),
    ...(line ? { line } : {}),
  };
}

function regionChain(r: RegionWire | undefined): RegionWire[] {
  const out: RegionWire[] = [];
  for (let cur = r; cur && out.length < 20; cur = cur.parent) out.push(cur);
  return out;
}

function subsidyOf(item: OrderItemWire): number | undefined {
  if (item.subsidies?.length) return item.subsidies.reduce((sum, s) => sum + (s.amount === undefined ? 0 : (toMinorUnits(s.amount) ?? 0)), 0);
  return item.subsidy === undefined ? undefined : toMinorUnits(item.subsidy);
}

function money(v: number | string, what: string): number {
  const minor = toMinorUnits(v);
  if (minor === undefined || minor < 0) throw new ConnectorError('bad_response', `Yandex Market sent an unreadable amount for ${what}: ${JSON.stringify(v)}`);
  return minor;
}

/** `DD-MM-YYYY HH:MM:SS` in Moscow time (UTC+03:00, no DST) → ISO 8601 with offset. */
export function moscowTime(s: string): string | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const [, d, mo, y, h = '00', mi = '00', se = '00'] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${se}+03:00`;
}

function badResponse(what: string, issues: { path: PropertyKey[]; message: string }[]): ConnectorError {
  const detail = issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new ConnectorError('bad_response', `Yandex Market ${what} answered with an unexpected shape: ${detail}`);
}

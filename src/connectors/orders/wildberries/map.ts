import { OrderInput } from '../../../core/model/index.js';
import type { WbOrder, WbStatus } from './api.js';
import { currencyOf } from './currency.js';
import { hubStatusOf } from './status.js';

/** Placeholders for what WB never discloses on FBS assembly tasks. */
export const HIDDEN_BUYER_NAME = 'Wildberries buyer';
export const UNKNOWN_CITY = 'unknown';

export type MapOutcome = { ok: true; order: OrderInput } | { ok: false; externalId: string; reason: string };

export interface MapContext {
  source: string;
  defaultCountry: string;
  warehouseMap: Readonly<Record<string, string>>;
}

/** One assembly task (one item) → canonical order, or the reason it cannot be one. */
export function mapOrder(o: WbOrder, status: WbStatus | undefined, ctx: MapContext): MapOutcome {
  const externalId = String(o.id);
  const fail = (reason: string): MapOutcome => ({ ok: false, externalId, reason: `Wildberries order ${externalId}: ${reason}` });
  // The seller-country price is what the shop accounts in; the sale-currency price stays in sourceData.
  const converted = o.convertedPrice != null && o.convertedCurrencyCode != null;
  const amount = converted ? o.convertedPrice : o.price;
  const code = converted ? o.convertedCurrencyCode : o.currencyCode;
  if (amount == null || amount < 0) return fail('has no price');
  const currency = currencyOf(code);
  if (!currency) return fail(`currency code ${code ?? '(none)'} is not a known ISO 4217 numeric code`);

  const warehouseId = o.warehouseId != null ? String(o.warehouseId) : null;
  const fullAddress = o.address?.fullAddress?.trim();
  const externalIds: Record<string, string> = {};
  if (o.nmId != null) externalIds.nmId = String(o.nmId);
  if (o.chrtId != null) externalIds.chrtId = String(o.chrtId);
  if (o.skus?.length) externalIds.skus = o.skus.join(',');
  const supplierStatus = status?.supplierStatus ?? undefined;
  const wbStatus = status?.wbStatus ?? undefined;

  const candidate = {
    source: ctx.source,
    externalId,
    currency,
    customer: { name: HIDDEN_BUYER_NAME },
    delivery: {
      address: {
        country: ctx.defaultCountry,
        city: cityOf(fullAddress) ?? UNKNOWN_CITY,
        ...(fullAddress ? { line: fullAddress } : {}),
      },
    },
    lines: [{ sku: o.article, name: o.article, qty: 1, price: amount, ...(Object.keys(externalIds).length ? { externalIds } : {}) }],
    // WB takes the buyer's money itself; the shop never collects cash on delivery.
    payment: { method: 'prepaid' as const },
    ...(o.comment?.trim() ? { comment: o.comment.trim() } : {}),
    sourceData: {
      supplierStatus: supplierStatus ?? null,
      wbStatus: wbStatus ?? null,
      status: status ? `${supplierStatus ?? '?'}/${wbStatus ?? '?'}` : null,
      hubStatus: hubStatusOf(supplierStatus, wbStatus),
      warehouseId,
      hubWarehouse: (warehouseId && ctx.warehouseMap[warehouseId]) || null,
      officeId: o.officeId != null ? String(o.officeId) : null,
      offices: o.offices ?? [],
      orderUid: o.orderUid ?? null,
      rid: o.rid ?? null,
      createdAt: o.createdAt ?? null,
      supplyId: o.supplyId ?? null,
      deliveryType: o.deliveryType ?? null,
      cargoType: o.cargoType ?? null,
      isZeroOrder: o.isZeroOrder ?? null,
      requiredMeta: o.requiredMeta ?? [],
      prices: {
        price: o.price ?? null,
        currency: currencyOf(o.currencyCode) ?? o.currencyCode ?? null,
        convertedPrice: o.convertedPrice ?? null,
        convertedCurrency: currencyOf(o.convertedCurrencyCode) ?? o.convertedCurrencyCode ?? null,
        salePrice: o.salePrice ?? null,
        finalPrice: o.finalPrice ?? null,
        convertedFinalPrice: o.convertedFinalPrice ?? null,
      },
      buyerHidden: true,
    },
  };
  const parsed = OrderInput.safeParse(candidate);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { ok: true, order: parsed.data };
}

/** The "г. Челябинск" part of a WB address, when there is one. */
export function cityOf(fullAddress: string | undefined): string | undefined {
  if (!fullAddress) return undefined;
  for (const part of fullAddress.split(',')) {
    const m = /^\s*(?:г\.|город)\s*(.+?)\s*$/iu.exec(part);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

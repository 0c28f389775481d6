import { z } from 'zod';

/**
 * Wire shapes of the WB marketplace API (FBS assembly tasks), lenient: `/api/v3/orders/new` items
 * (`OrderNew`) carry a few more fields than `/api/v3/orders` items (`Order`).
 * Prices are integers in minor units ("умноженная на 100").
 */
export const WbOrder = z
  .object({
    id: z.number().int(),
    article: z.string().min(1),
    nmId: z.number().int().nullish(),
    chrtId: z.number().int().nullish(),
    skus: z.array(z.string()).nullish(),
    rid: z.string().nullish(),
    orderUid: z.string().nullish(),
    createdAt: z.string().nullish(),
    warehouseId: z.number().int().nullish(),
    officeId: z.number().int().nullish(),
    offices: z.array(z.string()).nullish(),
    supplyId: z.string().nullish(),
    address: z.object({ fullAddress: z.string().nullish() }).passthrough().nullish(),
    comment: z.string().nullish(),
    deliveryType: z.string().nullish(),
    cargoType: z.number().nullish(),
    colorCode: z.string().nullish(),
    isZeroOrder: z.boolean().nullish(),
    price: z.number().int().nullish(),
    currencyCode: z.number().int().nullish(),
    convertedPrice: z.number().int().nullish(),
    convertedCurrencyCode: z.number().int().nullish(),
    salePrice: z.number().int().nullish(),
    finalPrice: z.number().int().nullish(),
    convertedFinalPrice: z.number().int().nullish(),
    requiredMeta: z.array(z.string()).nullish(),
  })
  .passthrough();
export type WbOrder = z.infer<typeof WbOrder>;

/** `GET /api/v3/orders/new`. */
export const NewOrdersResponse = z.object({ orders: z.array(z.unknown()) }).passthrough();

/** `GET /api/v3/orders`: `next` is the paging position to send back. */
export const OrdersResponse = z.object({ next: z.number().int().nullish(), orders: z.array(z.unknown()) }).passthrough();

/** `POST /api/v3/orders/status`. */
export const StatusResponse = z
  .object({
    orders: z.array(z.object({ id: z.number().int(), supplierStatus: z.string().nullish(), wbStatus: z.string().nullish() }).passthrough()),
  })
  .passthrough();
export type WbStatus = z.infer<typeof StatusResponse>['orders'][number];

/** 400-style error body (`Error`): `{code, message, data}`; 401/429 use `{title, detail, ...}`. */
export const WbError = z.object({ code: z.string().nullish(), message: z.string().nullish(), title: z.string().nullish(), detail: z.string().nullish() }).passthrough();

import { z } from 'zod';

/**
 * Wire shapes of the Seller API posting lists, lenient: v3 (`/v3/posting/fbs/list`, deprecated)
 * and v4 (`/v4/posting/fbs/list`) differ in the envelope and in how a product price is written.
 */

const Num = z.union([z.number(), z.string()]);

/** v3: `"1390.000000"` with `currency_code` beside it; v4: `{amount: "12990.00", currency: "RUB"}`. */
export const OzonPrice = z.union([z.string(), z.number(), z.object({ amount: Num, currency: z.string().optional() }).passthrough()]);

export const OzonProduct = z
  .object({
    offer_id: z.string().min(1),
    name: z.string().nullish(),
    sku: Num.nullish(),
    quantity: z.number().int(),
    price: OzonPrice,
    currency_code: z.string().nullish(),
  })
  .passthrough();
export type OzonProduct = z.infer<typeof OzonProduct>;

const OzonAddress = z
  .object({
    address_tail: z.string().nullish(),
    city: z.string().nullish(),
    comment: z.string().nullish(),
    country: z.string().nullish(),
    region: z.string().nullish(),
    zip_code: z.string().nullish(),
    pvz_code: Num.nullish(),
    provider_pvz_code: z.string().nullish(),
  })
  .passthrough();

export const OzonPosting = z
  .object({
    posting_number: z.string().min(1),
    order_id: Num.nullish(),
    order_number: z.string().nullish(),
    status: z.string().nullish(),
    substatus: z.string().nullish(),
    in_process_at: z.string().nullish(),
    shipment_date: z.string().nullish(),
    tracking_number: z.string().nullish(),
    tpl_integration_type: z.string().nullish(),
    is_express: z.boolean().nullish(),
    delivery_method: z
      .object({ id: Num.nullish(), name: z.string().nullish(), warehouse_id: Num.nullish(), warehouse: z.string().nullish(), tpl_provider: z.string().nullish() })
      .passthrough()
      .nullish(),
    customer: z
      .object({ name: z.string().nullish(), phone: z.string().nullish(), customer_email: z.string().nullish(), address: OzonAddress.nullish() })
      .passthrough()
      .nullish(),
    addressee: z.object({ name: z.string().nullish(), phone: z.string().nullish() }).passthrough().nullish(),
    analytics_data: z
      .object({ city: z.string().nullish(), region: z.string().nullish(), delivery_type: z.string().nullish(), payment_type_group_name: z.string().nullish() })
      .passthrough()
      .nullish(),
    cancellation: z.object({ cancel_reason: z.string().nullish(), cancellation_initiator: z.string().nullish() }).passthrough().nullish(),
    products: z.array(OzonProduct),
  })
  .passthrough();
export type OzonPosting = z.infer<typeof OzonPosting>;

/** v4 answers at the top level. */
export const PostingListV4 = z
  .object({ postings: z.array(z.unknown()), has_next: z.boolean().nullish(), cursor: z.string().nullish() })
  .passthrough();

/** v3 wraps the list in `result`; the unfulfilled list sends `count` instead of `has_next`. */
export const PostingListV3 = z
  .object({
    result: z.object({ postings: z.array(z.unknown()), has_next: z.boolean().nullish(), count: z.number().nullish() }).passthrough(),
  })
  .passthrough();

/** Seller API error body (`rpcStatus`). */
export const OzonError = z.object({ code: Num.nullish(), message: z.string().nullish() }).passthrough();

/** A push notification from Ozon: `message_type` plus fields that depend on it. */
export const OzonPush = z
  .object({
    message_type: z.string().min(1),
    posting_number: z.string().nullish(),
    new_state: z.string().nullish(),
    seller_id: Num.nullish(),
    time: z.string().nullish(),
  })
  .passthrough();

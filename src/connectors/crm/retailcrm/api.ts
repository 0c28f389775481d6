import { z } from 'zod';

/**
 * Wire shapes of retailCRM / Simla API v5 and of the delivery integration-module callbacks, lenient
 * where accounts differ. Facts from https://docs.retailcrm.ru/Developers/API/APIVersions/APIv5 and
 * https://help.retailcrm.pro/Developers/DeliveryApi.
 */

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const str = z.union([z.string(), z.number().transform(String)]);

/** Every API answer: `{success, errorMsg?, errors?}`; `errors` is a map (field → text) or a list. */
export const ApiResult = z
  .object({
    success: z.boolean(),
    errorMsg: z.string().optional(),
    errors: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  })
  .passthrough();
export type ApiResult = z.infer<typeof ApiResult>;

/** `POST /api/v5/orders/create` and `/orders/{externalId}/edit`: 201/200 `{success, id, order}`. */
export const OrderWriteResponse = z
  .object({ success: z.literal(true), id: z.number().int().optional(), order: z.object({ id: z.number().int().optional() }).passthrough().optional() })
  .passthrough();

/** `GET /api/v5/orders/{by}`: `{success, order}`. */
export const OrderGetResponse = z
  .object({
    success: z.literal(true),
    order: z
      .object({
        id: z.number().int(),
        externalId: str.optional(),
        number: str.optional(),
        site: z.string().optional(),
        status: z.string().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type CrmOrder = z.infer<typeof OrderGetResponse>['order'];

/** `GET /api/v5/credentials`: the key's allowed methods (`/api/orders/create`) and newer scopes. */
export const CredentialsResponse = z
  .object({
    success: z.literal(true),
    credentials: z.array(z.string()).optional(),
    scopes: z.array(z.string()).optional(),
    siteAccess: z.string().optional(),
    sitesAvailable: z.array(z.string()).optional(),
  })
  .passthrough();

// ---------------------------------------------------------------- delivery module callbacks

/** Address as retailCRM sends it in callbacks (`deliveryAddress`, `shipmentAddress`). */
export const CallbackAddress = z
  .object({
    index: str.optional(),
    countryIso: z.string().optional(),
    region: z.string().optional(),
    city: z.string().optional(),
    street: z.string().optional(),
    building: str.optional(),
    flat: str.optional(),
    text: z.string().optional(),
    /** Code of the pickup point chosen for a self-delivery tariff. */
    terminal: str.optional(),
  })
  .passthrough();
export type CallbackAddress = z.infer<typeof CallbackAddress>;

/** A package: weight in grams, sizes in millimetres. */
export const CallbackPackage = z
  .object({
    packageId: str.optional(),
    weight: num.optional(),
    width: num.optional(),
    length: num.optional(),
    height: num.optional(),
    items: z
      .array(
        z
          .object({
            offerId: str.optional(),
            externalId: str.optional(),
            name: z.string().optional(),
            declaredValue: num.optional(),
            cod: num.optional(),
            quantity: num.optional(),
            cost: num.optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();
export type CallbackPackage = z.infer<typeof CallbackPackage>;

/** The `calculate` form field (JSON). Money in the account currency's major units. */
export const CalculatePayload = z
  .object({
    packages: z.array(CallbackPackage).default([]),
    payerType: z.string().optional(),
    declaredValue: num.optional(),
    cod: num.optional(),
    currency: z.string().optional(),
    shipmentAddress: CallbackAddress.optional(),
    deliveryAddress: CallbackAddress.optional(),
    shipmentDate: z.string().optional(),
    deliveryDate: z.string().optional(),
    extraData: z.unknown().optional(),
  })
  .passthrough();
export type CalculatePayload = z.infer<typeof CalculatePayload>;

/** The `save` form field (JSON): `order` is retailCRM's own order id; `deliveryId` is set on edits. */
export const SavePayload = z
  .object({
    deliveryId: str.optional(),
    order: str,
    orderNumber: str.optional(),
    site: z.string().optional(),
    packages: z.array(CallbackPackage).default([]),
    currency: z.string().optional(),
    delivery: z
      .object({
        tariff: str.optional(),
        payerType: z.string().optional(),
        withCod: z.boolean().optional(),
        cod: num.optional(),
        cost: num.optional(),
        shipmentAddress: CallbackAddress.optional(),
        deliveryAddress: CallbackAddress.optional(),
        extraData: z.unknown().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type SavePayload = z.infer<typeof SavePayload>;

/** The `delete` form field (JSON). */
export const DeletePayload = z.object({ deliveryId: str }).passthrough();
export type DeletePayload = z.infer<typeof DeletePayload>;

/** One item of the `calculate` answer. */
export interface CalculateResultItem {
  code: string;
  group?: string;
  name: string;
  type: 'courier' | 'selfDelivery';
  description?: string;
  /** Major units (roubles). */
  cost: number;
  minTerm?: number;
  maxTerm?: number;
  extraData?: Record<string, unknown>;
}

/** The `save` answer's `result`. */
export interface SaveResult {
  deliveryId: string;
  trackNumber?: string;
  cost?: number;
  status?: string;
}

/** The `get` answer's `result`. */
export interface GetResult {
  trackNumber?: string;
  cost?: number;
  tariff?: string;
  tariffName?: string;
  status?: { code: string; updatedAt?: string; comment?: string };
  extraData?: Record<string, unknown>;
}

/** What a callback answers: `{success: true, result}` or `{success: false, errorMsg}`. */
export type CallbackBody = { success: true; result?: unknown } | { success: false; errorMsg: string };

/** A callback retailCRM sent that the hub cannot act on; answered as `{success: false, errorMsg}`. */
export class CallbackError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackError';
  }
}

import { z } from 'zod';

/** Wire types of CDEK API v2 (spec: openapi_api_v2_integration.json). Lenient: CDEK adds fields often. */

export const CdekError = z.looseObject({ code: z.string().optional(), message: z.string().optional() });
export type CdekError = z.infer<typeof CdekError>;

export const CdekToken = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

/** OAuth errors use the RFC 6749 shape, not `errors[]`. */
export const CdekOAuthError = z.looseObject({ error: z.string(), error_description: z.string().optional() });

export const CdekCity = z.looseObject({
  code: z.number().int(),
  city: z.string().optional(),
  region: z.string().optional(),
  country_code: z.string().optional(),
  /** -1 no limit, 0 no cash on delivery. */
  payment_limit: z.number().optional(),
});
export type CdekCity = z.infer<typeof CdekCity>;
/** The spec declares one object; the live API answers an array. Accept both. */
export const CdekCities = z.union([z.array(CdekCity), CdekCity.transform((c) => [c])]);

export const CdekTariff = z.looseObject({
  tariff_code: z.number().int(),
  tariff_name: z.string(),
  delivery_mode: z.coerce.number().int(),
  delivery_sum: z.number(),
  period_min: z.number().int(),
  period_max: z.number().int(),
  calendar_min: z.number().int().optional(),
  calendar_max: z.number().int().optional(),
});
export type CdekTariff = z.infer<typeof CdekTariff>;

export const CdekTariffList = z.looseObject({
  tariff_codes: z.array(CdekTariff).optional(),
  errors: z.array(CdekError).optional(),
});

export const CdekRequestState = z.looseObject({
  request_uuid: z.string().optional(),
  type: z.string().optional(),
  state: z.string(),
  date_time: z.string().optional(),
  errors: z.array(CdekError).optional(),
});

export const CdekStatus = z.looseObject({
  code: z.string(),
  name: z.string().optional(),
  date_time: z.string(),
  city: z.string().optional(),
  deleted: z.boolean().optional(),
});
export type CdekStatus = z.infer<typeof CdekStatus>;

export const CdekOrderEntity = z.looseObject({
  uuid: z.string(),
  cdek_number: z.union([z.string(), z.number()]).optional(),
  number: z.string().optional(),
  statuses: z.array(CdekStatus).optional(),
});

/** `POST /v2/orders` (202), `GET /v2/orders/{uuid}`, `GET /v2/orders?im_number=`, `DELETE` (202). */
export const CdekOrderResponse = z.looseObject({
  entity: CdekOrderEntity.optional(),
  requests: z.array(CdekRequestState).optional(),
  errors: z.array(CdekError).optional(),
});
export type CdekOrderResponse = z.infer<typeof CdekOrderResponse>;

export const CdekOfficeLocation = z.looseObject({
  country_code: z.string().regex(/^[A-Za-z]{2}$/),
  region: z.string().optional(),
  city_code: z.number().int().optional(),
  city: z.string().min(1),
  postal_code: z.string().optional(),
  address: z.string().optional(),
  address_full: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});

/**
 * One office of `GET /v2/deliverypoints` (spec: OfficeDto). The live API also sends `name`, which
 * the spec leaves out; only the fields the hub maps are checked.
 */
export const CdekOffice = z.looseObject({
  code: z.string().min(1),
  name: z.string().optional(),
  type: z.string(),
  status: z.string().optional(),
  work_time: z.string().optional(),
  is_handout: z.boolean().optional(),
  have_cash: z.boolean().optional(),
  have_cashless: z.boolean().optional(),
  allowed_cod: z.boolean().optional(),
  location: CdekOfficeLocation,
});
export type CdekOffice = z.infer<typeof CdekOffice>;

/** The spec declares one OfficeDto; the live API answers an array. Items are checked one by one. */
export const CdekOfficePage = z.union([z.array(z.unknown()), z.looseObject({ code: z.string() }).transform((o) => [o])]);

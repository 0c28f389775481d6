import { z } from 'zod';
import { PHONE_COUNTRIES } from './phone.js';

/** Where a canonical field comes from: a dot path into the lead, a constant, or a path through a lookup table. */
export const FieldSource = z.union([
  z.string().min(1).describe('Dot path into the lead payload, e.g. "phone", "order.customer.phone", "items.0.sku"'),
  z.strictObject({ const: z.union([z.string(), z.number()]) }).describe('A constant, e.g. {"const": "SKU-1"}'),
  z
    .strictObject({
      path: z.string().min(1),
      map: z.record(z.string(), z.string()).optional().describe('Lookup of the value, e.g. the network offer id → the shop SKU'),
      default: z.union([z.string(), z.number()]).optional().describe('Used when the path is empty or the value is not in map'),
    })
    .describe('A path with an optional lookup table and default'),
]);
export type FieldSource = z.infer<typeof FieldSource>;

export const FieldMap = z
  .strictObject({
    externalId: FieldSource.default('id').describe('The lead id: the order is deduplicated on it'),
    'customer.name': FieldSource.default('name'),
    'customer.phone': FieldSource.default('phone'),
    'customer.email': FieldSource.optional(),
    'delivery.address.country': FieldSource.optional().describe('ISO alpha-2; defaultCountry when absent'),
    'delivery.address.region': FieldSource.optional(),
    'delivery.address.city': FieldSource.describe('Required by the canonical address: a path, or a constant such as {"const": "не указан"}'),
    'delivery.address.postcode': FieldSource.optional(),
    'delivery.address.line': FieldSource.optional(),
    'line.sku': FieldSource.describe('The shop SKU: usually {"path": "offer_id", "map": {"13571": "SKU-1"}} or a constant'),
    'line.name': FieldSource.optional().describe('Defaults to the SKU'),
    'line.qty': FieldSource.default({ const: 1 }),
    'line.price': FieldSource.default({ const: 0 }).describe('Unit price, in priceUnit'),
    deliveryPrice: FieldSource.optional(),
    comment: FieldSource.optional(),
  })
  .describe('Canonical field → where to find it in the lead');

const TokenAuth = z.strictObject({
  mode: z.literal('token'),
  token: z.string().min(8, 'use at least 8 characters').describe('Shared secret the network or site sends with each lead'),
  tokenParam: z.string().min(1).default('token').describe('Name of the query parameter, header or body field carrying it'),
  tokenIn: z.enum(['query', 'header', 'body', 'any']).default('any').describe('Where to look for it; any = query, then header, then body'),
});
const HmacAuth = z.strictObject({
  mode: z.literal('hmac'),
  secret: z.string().min(8, 'use at least 8 characters').describe('HMAC key'),
  header: z.string().min(1).default('x-signature').describe('Header carrying the signature'),
  algorithm: z.literal('sha256').default('sha256'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  prefix: z.string().default('').describe('Text before the signature in the header, e.g. "sha256="'),
});
const NoAuth = z.strictObject({ mode: z.literal('none') });

export const cpaPostbackConfig = z.object({
  auth: z.discriminatedUnion('mode', [TokenAuth, HmacAuth, NoAuth]).describe('How a lead proves it comes from the network or site'),
  fieldMap: FieldMap,
  linesPath: z.string().min(1).optional().describe('Path to an array of products; line.* paths are then read inside each element'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as RUB').default('RUB'),
  priceUnit: z.enum(['major', 'minor']).default('major').describe('major: "1990.50" roubles; minor: 199050 kopecks'),
  defaultCountry: z.enum(PHONE_COUNTRIES).default('RU').describe('Country for phone numbers written without a country code, and for the address'),
  paymentMethod: z.enum(['cod', 'prepaid']).default('cod').describe('CPA leads are usually cash on delivery'),
});
export type CpaPostbackConfig = z.infer<typeof cpaPostbackConfig>;

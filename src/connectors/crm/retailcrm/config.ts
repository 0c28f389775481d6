import { z } from 'zod';

const code = (what: string) =>
  z.string().min(1).max(255).regex(/^[A-Za-z0-9_.-]+$/, `a retailCRM ${what} code: letters, digits, "_", "-" and "." only`);

/**
 * Hub order status → retailCRM order status code. Defaults are the status codes of a fresh retailCRM
 * account; an empty string or a missing key means "do not push this status".
 */
export const statusMapSchema = z
  .object({
    new: z.string().default('new'),
    confirmed: z.string().default('client-confirmed'),
    booking: z.string().default('assembling'),
    booked: z.string().default('assembling-complete'),
    in_transit: z.string().default('send-to-delivery'),
    delivered: z.string().default('complete'),
    cancelled: z.string().default('cancel-other'),
    returned: z.string().optional(),
  })
  .prefault({})
  .describe('Hub status → retailCRM order status code (Settings → Statuses); "" skips a status');

export const retailCrmConfig = z.object({
  baseUrl: z
    .string()
    .url('the account URL, e.g. https://shop.retailcrm.ru')
    .describe('Account URL, e.g. https://shop.retailcrm.ru or https://shop.simla.com (no /api suffix)'),
  apiKey: z.string().min(10, 'an API key from Settings → Integration → API access keys').describe('API key (sent in the X-API-KEY header)'),
  siteCode: code('store (site)').describe('Code of the store orders are created in (Settings → Stores)'),
  statusMap: statusMapSchema,
  orderTypeCode: code('order type').optional().describe('Order type code for pushed orders; default: the account default'),
  orderMethodCode: code('order method').optional().describe('Order method code for pushed orders, e.g. shopping-cart'),
  deliveryCode: code('delivery type')
    .optional()
    .describe('Delivery type code set on pushed orders: the retailCRM delivery type linked to the hub module, when the hub delivers'),
  paymentTypeMap: z
    .object({
      prepaid: code('payment type').optional().default('bank-card'),
      cod: code('payment type').optional().default('cash'),
    })
    .prefault({})
    .describe('Hub payment method → retailCRM payment type code (Settings → Payment types)'),
  sourceCustomField: code('custom field')
    .optional()
    .describe('Code of an order custom field (string) that receives the hub source connector id; the field must exist in retailCRM'),
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000).describe('Per-request time limit for retailCRM API calls'),
  // ---- delivery integration module (retailCRM uses the hub as its delivery service)
  moduleCode: code('integration module').default('svyazka').describe('Code of the delivery integration module registered by the hub'),
  moduleName: z.string().min(1).max(255).default('Svyazka').describe('Module name shown in retailCRM'),
  callbackBaseUrl: z
    .string()
    .url()
    .optional()
    .describe("Public URL of this connector's callbacks: https://<hub>/callbacks/<connector id>; retailCRM calls <url>/calculate, /save, /get, /delete"),
  callbackSecret: z
    .string()
    .min(16, 'use at least 16 random characters')
    .max(255)
    .optional()
    .describe('The module clientId: registered with retailCRM and checked on every callback (keep it secret)'),
  logoUrl: z.string().url().optional().describe('SVG logo URL shown for the module in retailCRM'),
  accountUrl: z.string().url().optional().describe('Link from the module card in retailCRM to the hub admin page'),
  quoteTimeoutMs: z.number().int().min(100).max(30_000).default(3000).describe('Deadline of the hub quote run for a calculate callback'),
  defaultParcel: z
    .object({
      weight: z.number().int().positive().default(1000).describe('grams'),
      length: z.number().positive().default(20).describe('cm'),
      width: z.number().positive().default(15).describe('cm'),
      height: z.number().positive().default(10).describe('cm'),
    })
    .prefault({})
    .describe('Used when retailCRM sends a package without weight or sizes'),
});
export type RetailCrmConfig = z.infer<typeof retailCrmConfig>;

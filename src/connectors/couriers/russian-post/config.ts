import { z } from 'zod';
import { MAIL_TYPES, OBJECT_CODES } from './status.js';

const postcode = z.string().regex(/^\d{6}$/, 'must be a 6-digit Russian postcode');

/** Russian Post: public tariff calculator, business API (otpravka) and tracking SOAP. */
export const russianPostConfig = z.object({
  baseUrl: z
    .string()
    .url('must be a URL such as https://tariff.pochta.ru')
    .default('https://tariff.pochta.ru')
    .describe('Public tariff calculator (tariff.pochta.ru), used for quotes without business credentials'),
  businessBaseUrl: z
    .string()
    .url('must be a URL such as https://otpravka-api.pochta.ru')
    .default('https://otpravka-api.pochta.ru')
    .describe('Business API (otpravka-api.pochta.ru): contract tariffs and booking'),
  trackingBaseUrl: z
    .string()
    .url('must be a URL such as https://tracking.russianpost.ru')
    .default('https://tracking.russianpost.ru')
    .describe('Tracking web service (SOAP, /rtm34)'),
  accessToken: z.string().min(1).optional().describe('Business API application token (Authorization: AccessToken …); secret'),
  authorizationKey: z
    .string()
    .min(1)
    .optional()
    .describe('Business API user key, base64 of login:password (X-User-Authorization: Basic …); secret'),
  trackingLogin: z.string().min(1).optional().describe('Tracking API login (needed to track)'),
  trackingPassword: z.string().min(1).optional().describe('Tracking API password; secret'),
  fromPostcode: postcode.optional().describe('Postcode parcels are sent from; overrides the origin address postcode'),
  mailType: z.enum(Object.keys(MAIL_TYPES) as [keyof typeof MAIL_TYPES]).default('POSTAL_PARCEL').describe('Business API mail type (вид РПО) for quotes and bookings'),
  objectCode: z
    .enum(Object.keys(OBJECT_CODES) as [keyof typeof OBJECT_CODES])
    .default('4030')
    .describe('Tariff calculator object code (вид отправления), e.g. 4030 parcel, 27030 parcel standard, 28030 EMS courier'),
  fragile: z.boolean().default(false).describe('Mark parcels fragile (осторожно): business API tariff and booking'),
});
export type RussianPostConfig = z.infer<typeof russianPostConfig>;

export function hasBusinessApi(c: RussianPostConfig): boolean {
  return Boolean(c.accessToken && c.authorizationKey);
}

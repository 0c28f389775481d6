import { z } from 'zod';

/** DPD Russia SOAP web services (ws.dpd.ru): calculator2, order2, tracing. */
export const dpdConfig = z.object({
  clientNumber: z
    .string()
    .regex(/^\d{1,20}$/, 'must be the DPD client number (digits only)')
    .describe('DPD client number (номер клиента), sent in every request\'s auth element'),
  clientKey: z.string().min(1, 'is required').describe('DPD integration key (ключ интеграции); secret'),
  baseUrl: z
    .string()
    .url('must be a URL such as https://ws.dpd.ru')
    .default('https://ws.dpd.ru')
    .describe('Web services root; https://wstest.dpd.ru for the DPD test environment'),
  pickupCityId: z
    .string()
    .regex(/^\d+$/, 'must be a DPD city id (digits)')
    .optional()
    .describe('DPD city id of the shipping warehouse; when empty the origin postcode/city is sent'),
  selfPickup: z
    .boolean()
    .default(false)
    .describe('true: the shop brings parcels to a DPD terminal; false: a DPD courier collects them'),
  serviceCodes: z
    .array(z.string().regex(/^[A-Z0-9]{3}$/, 'must be a DPD service code such as PCL'))
    .default([])
    .describe('Only these DPD services (e.g. PCL, CUR, BZP); empty = every service DPD offers'),
  cargoCategory: z.string().min(1).default('Товары').describe('Cargo category (содержимое) sent with bookings'),
  pickupTimePeriod: z
    .enum(['9-18', '9-13', '13-18'])
    .default('9-18')
    .describe('Courier pickup window for bookings'),
  pickupDaysAhead: z
    .number()
    .int()
    .min(0)
    .max(14)
    .default(1)
    .describe('Bookings ask for pickup this many days after today (Moscow date)'),
  senderName: z.string().min(1).default('Shop').describe('Sender (company) name printed on DPD documents'),
});
export type DpdConfig = z.infer<typeof dpdConfig>;

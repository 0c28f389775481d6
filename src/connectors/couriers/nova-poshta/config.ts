import { z } from 'zod';

const ref = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be a Nova Poshta ${what} Ref (a UUID)`);

export const SERVICE_TYPES = ['WarehouseWarehouse', 'WarehouseDoors', 'DoorsWarehouse', 'DoorsDoors'] as const;

/** Nova Poshta JSON API 2.0 (api.novaposhta.ua). */
export const novaPoshtaConfig = z.object({
  apiKey: z.string().min(1, 'is required').describe('API key from my.novaposhta.ua → Settings → Security; secret'),
  baseUrl: z
    .string()
    .url('must be a URL such as https://api.novaposhta.ua/v2.0/json/')
    .default('https://api.novaposhta.ua/v2.0/json/')
    .describe('JSON endpoint every call is POSTed to'),
  senderCityRef: ref('city').optional().describe('City Ref of the shipping warehouse; when empty the origin city is looked up by name'),
  senderRef: ref('counterparty').optional().describe('Sender counterparty Ref (needed to book)'),
  senderAddressRef: ref('address/warehouse').optional().describe('Sender address or branch Ref (needed to book)'),
  contactSenderRef: ref('contact person').optional().describe('Sender contact person Ref (needed to book)'),
  sendersPhone: z
    .string()
    .regex(/^380\d{9}$/, 'must be a Ukrainian phone as 380XXXXXXXXX')
    .optional()
    .describe('Sender phone (needed to book)'),
  serviceTypes: z
    .array(z.enum(SERVICE_TYPES))
    .min(1, 'pick at least one service type')
    .default(['WarehouseWarehouse', 'WarehouseDoors'])
    .describe('Service types to quote; Warehouse… from a branch, …Doors to the door'),
  payerType: z.enum(['Sender', 'Recipient']).default('Recipient').describe('Who pays Nova Poshta for bookings'),
  paymentMethod: z.enum(['Cash', 'NonCash']).default('Cash').describe('How the payer pays for delivery'),
  cargoDescription: z.string().min(1).default('Товари').describe('Description printed on the waybill'),
  findBookingDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(14)
    .describe('How many days back findBooking searches the document list for a shipment id'),
});
export type NovaPoshtaConfig = z.infer<typeof novaPoshtaConfig>;

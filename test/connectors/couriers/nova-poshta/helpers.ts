import { readFileSync } from 'node:fs';

export const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../../fixtures/couriers/nova-poshta/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const empty = { errors: [], warnings: [], info: [], messageCodes: [], errorCodes: [], warningCodes: [], infoCodes: [] };
export const ok = (data: unknown[]) => ({ success: true, data, ...empty });
export const fail = (errors: string[], errorCodes: string[]) => ({ ...empty, success: false, data: [], errors, errorCodes });

/** Shaped as the API docs show Address.searchSettlements (constructed, not a captured sample). */
export const settlements = (city: string, deliveryCity: string, area = 'Київська') =>
  ok([{ TotalCount: 1, Addresses: [{ Present: `м. ${city}, ${area} обл.`, Warehouses: 100, MainDescription: city, Area: area, Region: '', SettlementTypeCode: 'м.', Ref: '00000000-0000-0000-0000-00000000000a', DeliveryCity: deliveryCity }] }]);

/** Shaped as the API docs show InternetDocument.getDocumentDeliveryDate (constructed). */
export const deliveryDate = (date: string) => ok([{ DeliveryDate: { date: `${date} 00:00:00.000000`, timezone_type: 3, timezone: 'Europe/Kiev' } }]);

export interface NpCall {
  apiKey: string;
  modelName: string;
  calledMethod: string;
  methodProperties: Record<string, any>;
}

import type { BookingRequest, BookingResult } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import type { NovaPoshtaConfig } from './config.js';
import { ListedDocument, SavedDocument } from './api.js';
import { declaredUah, parcelsProps } from './rates.js';
import { npDate } from './time.js';

/** Fields `book` needs beyond the API key; checked when booking, not at start-up, so quotes work without them. */
export function bookingConfigGaps(c: NovaPoshtaConfig): string[] {
  return (['senderCityRef', 'senderRef', 'senderAddressRef', 'contactSenderRef', 'sendersPhone'] as const).filter((k) => !c[k]);
}

/** Ukrainian phones as Nova Poshta wants them: 380XXXXXXXXX. */
export function npPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length === 10 && d.startsWith('0') ? `38${d}` : d;
}

/**
 * methodProperties of `InternetDocument.save`. The hub's shipment id goes into
 * `InfoRegClientBarcodes` (the client's internal order number), which `getDocumentList` returns,
 * so `findBooking` can find the waybill after an ambiguous failure.
 */
export function toSaveRequest(c: NovaPoshtaConfig, req: BookingRequest, now: Date) {
  const toBranch = Boolean(req.pickupPointCode);
  return {
    PayerType: c.payerType,
    PaymentMethod: c.paymentMethod,
    DateTime: npDate(now),
    CargoType: 'Parcel',
    ServiceType: req.service,
    Description: c.cargoDescription,
    Cost: declaredUah(req.declaredValue, req.currency),
    ...parcelsProps(req.parcels),
    CitySender: c.senderCityRef,
    Sender: c.senderRef,
    SenderAddress: c.senderAddressRef,
    ContactSender: c.contactSenderRef,
    SendersPhone: c.sendersPhone,
    NewAddress: '1',
    RecipientType: 'PrivatePerson',
    RecipientName: req.recipient.name,
    RecipientsPhone: npPhone(req.recipient.phone),
    RecipientCityName: req.destination.city,
    RecipientArea: req.destination.region ?? '',
    RecipientAreaRegions: '',
    // For branch delivery the address is the branch number; for doors, the street line.
    RecipientAddressName: toBranch ? req.pickupPointCode : (req.destination.line ?? ''),
    RecipientHouse: '',
    RecipientFlat: '',
    InfoRegClientBarcodes: req.shipmentId,
    BackwardDeliveryData:
      req.codAmount > 0 && req.currency === 'UAH'
        ? [{ PayerType: 'Recipient', CargoType: 'Money', RedeliveryString: String(Math.round(req.codAmount) / 100) }]
        : undefined,
  };
}

export function parseSaveResponse(data: unknown[]): BookingResult {
  const doc = SavedDocument.safeParse(data[0]);
  if (!doc.success) throw new ConnectorError('bad_response', `Nova Poshta InternetDocument.save answered without Ref/IntDocNumber: ${doc.error.message}`);
  return { state: 'booked', courierId: doc.data.Ref, trackNumber: doc.data.IntDocNumber };
}

/** methodProperties of `InternetDocument.getDocumentList` over the last `days` days. */
export function toDocumentListRequest(now: Date, days: number) {
  return { DateTimeFrom: npDate(new Date(now.getTime() - days * 86_400_000)), DateTimeTo: npDate(now), GetFullList: '1' };
}

export function parseDocumentList(data: unknown[], shipmentId: string): BookingResult | null {
  for (const row of data) {
    const doc = ListedDocument.safeParse(row);
    if (doc.success && (doc.data.InfoRegClientBarcodes === shipmentId || doc.data.ClientBarcode === shipmentId)) {
      return { state: 'booked', courierId: doc.data.Ref, trackNumber: doc.data.IntDocNumber };
    }
  }
  return null;
}

/** methodProperties of `InternetDocument.delete`. */
export function toDeleteRequest(courierId: string) {
  return { DocumentRefs: courierId };
}

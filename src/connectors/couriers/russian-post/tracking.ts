import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { ShipmentRef, TrackUpdate } from '../../../core/connectors/contract.js';
import { ConnectorError } from '../../../core/errors.js';
import { excerpt } from '../../../core/http/client.js';
import { mapOperation } from './status.js';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (n) => n === 'historyRecord' });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/** SOAP 1.2 `getOperationHistory` envelope for one barcode (single-access tracking API). */
export function toTrackEnvelope(barcode: string, login: string, password: string): string {
  return builder.build({
    'soap:Envelope': {
      '@_xmlns:soap': 'http://www.w3.org/2003/05/soap-envelope',
      '@_xmlns:oper': 'http://russianpost.org/operationhistory',
      '@_xmlns:data': 'http://russianpost.org/operationhistory/data',
      'soap:Header': '',
      'soap:Body': {
        'oper:getOperationHistory': {
          'data:OperationHistoryRequest': { 'data:Barcode': barcode, 'data:MessageType': 0, 'data:Language': 'RUS' },
          'data:AuthorizationHeader': { '@_soap:mustUnderstand': '1', 'data:login': login, 'data:password': password },
        },
      },
    },
  }) as string;
}

export type TrackOutcome = { ok: true; update: TrackUpdate | null } | { ok: false; fault: string; auth: boolean };

/** The last operation of the history; a fault is returned for the caller to judge. */
export function parseTrackResponse(xml: string, ref: ShipmentRef): TrackOutcome {
  let doc: any;
  try {
    doc = parser.parse(xml, true);
  } catch (err) {
    throw new ConnectorError('bad_response', `Russian Post tracking answered XML that does not parse: ${excerpt(xml)}`, { cause: err });
  }
  const body = doc?.Envelope?.Body;
  if (!body) throw new ConnectorError('bad_response', `Russian Post tracking answered without a SOAP body: ${excerpt(xml)}`);
  if (body.Fault) {
    const reason = body.Fault.Reason?.Text ?? body.Fault.faultstring ?? '';
    const detail = body.Fault.Detail ?? body.Fault.detail ?? {};
    const text = typeof reason === 'string' ? reason : JSON.stringify(reason);
    return { ok: false, fault: text, auth: 'AuthorizationFault' in detail || /authori[sz]ation|авториз/i.test(text) };
  }
  const data = body.getOperationHistoryResponse?.OperationHistoryData;
  if (data === undefined) throw new ConnectorError('bad_response', `Russian Post tracking answered without OperationHistoryData: ${excerpt(xml)}`);
  const records: any[] = (typeof data === 'object' && data.historyRecord) || [];
  if (!records.length) return { ok: true, update: null };
  const last = records.reduce((a, b) => (Date.parse(b.OperationParameters?.OperDate) >= Date.parse(a.OperationParameters?.OperDate) ? b : a));
  const op = last.OperationParameters ?? {};
  const type = String(op.OperType?.Id ?? '');
  const attr = op.OperAttr?.Id !== undefined ? String(op.OperAttr.Id) : undefined;
  if (!type || !op.OperDate) throw new ConnectorError('bad_response', 'Russian Post tracking returned an operation without OperType or OperDate');
  const place = last.AddressParameters?.OperationAddress?.Description;
  const names = [op.OperType?.Name, op.OperAttr?.Name].filter(Boolean).join(': ');
  return {
    ok: true,
    update: {
      shipmentId: ref.shipmentId,
      status: mapOperation(type, attr),
      code: attr ? `${type}.${attr}` : type,
      description: place ? `${names} (${place})` : names,
      at: String(op.OperDate),
    },
  };
}

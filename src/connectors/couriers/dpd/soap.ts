import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../../core/errors.js';
import { excerpt } from '../../../core/http/client.js';

/** Elements that may repeat in DPD answers; always parsed as arrays. */
const ARRAYS = new Set(['return', 'states', 'order', 'cancel', 'parcel']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/**
 * A SOAP 1.1 envelope with `body` as the one element of the operation, in DPD's namespace.
 * Undefined fields are left out by the builder itself, so optional elements are not sent empty.
 */
export function soapEnvelope(ns: string, operation: string, body: Record<string, unknown>): string {
  return builder.build({
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:ns': ns,
      'soapenv:Header': '',
      'soapenv:Body': { [`ns:${operation}`]: body },
    },
  }) as string;
}

export interface SoapFault {
  faultString: string;
  /** DPD's own fault code from `detail`, e.g. `no-service-available`. */
  code?: string;
  message?: string;
}

export type SoapResult = { ok: true; body: Record<string, unknown> } | { ok: false; fault: SoapFault };

/** Parses a DPD SOAP answer into the Body's content or its Fault; anything else is `bad_response`. */
export function parseSoap(xml: string, where: string): SoapResult {
  let doc: Record<string, any>;
  try {
    doc = parser.parse(xml, true) as Record<string, any>;
  } catch (err) {
    throw new ConnectorError('bad_response', `DPD ${where} answered with XML that does not parse: ${excerpt(xml)}`, { cause: err });
  }
  const body = doc?.Envelope?.Body;
  if (!body || typeof body !== 'object') {
    throw new ConnectorError('bad_response', `DPD ${where} answered without a SOAP body: ${excerpt(xml)}`);
  }
  if (body.Fault) {
    const f = body.Fault;
    const detail = f.detail && typeof f.detail === 'object' ? (Object.values(f.detail)[0] as Record<string, unknown> | undefined) : undefined;
    return {
      ok: false,
      fault: {
        faultString: String(f.faultstring ?? ''),
        code: typeof detail?.code === 'string' ? detail.code : undefined,
        message: typeof detail?.message === 'string' ? detail.message : undefined,
      },
    };
  }
  return { ok: true, body };
}

/** A DPD fault as a ConnectorError: bad client number/key is `auth`, the rest `invalid_request`. */
export function faultError(fault: SoapFault, where: string): ConnectorError {
  const text = [fault.code, fault.message ?? fault.faultString].filter(Boolean).join(': ');
  const msg = `DPD ${where} refused the request: ${text}`;
  if (/auth|авториз|clientKey|ключ/i.test(`${fault.code ?? ''} ${fault.message ?? ''} ${fault.faultString}`)) {
    return new ConnectorError('auth', `${msg}. Check clientNumber and clientKey in the connector config.`);
  }
  return new ConnectorError('invalid_request', msg, { transient: false });
}

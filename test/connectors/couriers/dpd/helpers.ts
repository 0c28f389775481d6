import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';

export const fixture = (name: string) => readFileSync(new URL(`../../../../fixtures/couriers/dpd/${name}`, import.meta.url), 'utf8');

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });
/** The operation element of a SOAP request the adapter sent. */
export function soapBody(xml: string): Record<string, any> {
  return parser.parse(xml).Envelope.Body;
}

export function soapResponse(ns: string, op: string, inner: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:${op}Response xmlns:ns2="${ns}">${inner}</ns2:${op}Response></S:Body></S:Envelope>`;
}

/** Fault shape of DPD services (JAX-WS): faultstring plus the service's fault element in detail. */
export function soapFault(ns: string, element: string, code: string, message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault xmlns:ns4="http://www.w3.org/2003/05/soap-envelope"><faultcode>S:Server</faultcode><faultstring>${message}</faultstring><detail><ns2:${element} xmlns:ns2="${ns}"><code>${code}</code><message>${message}</message></ns2:${element}></detail></S:Fault></S:Body></S:Envelope>`;
}

export const xml = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/xml;charset=utf-8' } });

import { ProblemError } from '../../../core/errors.js';
import type { InboundRequest } from '../../../core/connectors/contract.js';

/** A lead as posted: JSON object or form fields, nested by `a[b][c]` brackets. */
export type LeadPayload = Record<string, unknown>;

export function header(req: InboundRequest, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

/**
 * Decodes the body by its content type: JSON (`application/json`, `*+json`) or form
 * (`application/x-www-form-urlencoded`); without a content type, by its first character. A request
 * with no body (a GET postback) is read from its query string.
 */
export function decodeLead(req: InboundRequest): LeadPayload {
  const body = req.body.trim();
  if (!body) return formToObject(Object.entries(req.query));
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json' || type.endsWith('+json') || (!type || type === 'text/plain' ? /^[{[]/.test(body) : false);
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ProblemError(400, 'invalid_payload', 'Invalid payload', 'CPA lead body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ProblemError(400, 'invalid_payload', 'Invalid payload', 'CPA lead JSON body must be an object');
    }
    return parsed as LeadPayload;
  }
  if (!type || type === 'application/x-www-form-urlencoded' || type === 'text/plain') return formToObject([...new URLSearchParams(body)]);
  throw new ProblemError(415, 'unsupported_media_type', 'Unsupported media type', `CPA lead content type ${type} is not supported: send JSON or application/x-www-form-urlencoded`);
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `order[customer][phone]=…&items[0][sku]=…&tags[]=a` → nested objects (arrays for `[]`). */
export function formToObject(pairs: [string, string][]): LeadPayload {
  const root: LeadPayload = {};
  for (const [key, value] of pairs) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const parts = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [key];
    if (parts.some((p) => FORBIDDEN.has(p))) continue;
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (part === '' && Array.isArray(node)) {
        if (last) (node as unknown[]).push(value);
        else (node as unknown[]).push((node = {}));
        return;
      }
      if (last) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (next === null || typeof next !== 'object') node[part] = parts[i + 1] === '' ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

/** Reads `a.b.0.c` from objects and arrays; own properties only. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

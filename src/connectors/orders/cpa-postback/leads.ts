import { z } from 'zod';
import type { OrderInput, OrderLine } from '../../../core/model/index.js';
import { ProblemError, type FieldIssue } from '../../../core/errors.js';
import { getPath, type LeadPayload } from './api.js';
import type { CpaPostbackConfig, FieldSource } from './config.js';
import { toMinorUnits } from '../../../core/money.js';
import { normalisePhone } from './phone.js';

type Target = keyof CpaPostbackConfig['fieldMap'];
const Email = z.email();

/** Where a source reads from, for error messages: the payload path, or the constant. */
function where(src: FieldSource): string {
  if (typeof src === 'string') return src;
  return 'const' in src ? 'const' : src.path;
}

/** Resolves one source against a payload; empty strings count as missing. */
export function resolve(src: FieldSource | undefined, payload: unknown): string | undefined {
  if (src === undefined) return undefined;
  if (typeof src !== 'string' && 'const' in src) return String(src.const);
  const path = typeof src === 'string' ? src : src.path;
  let raw = getPath(payload, path);
  if (typeof raw === 'number' || typeof raw === 'boolean') raw = String(raw);
  let value = typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
  if (typeof src !== 'string') {
    if (value !== undefined && src.map) value = src.map[value];
    if (value === undefined && src.default !== undefined) value = String(src.default);
  }
  return value;
}

/**
 * Maps a decoded lead to the canonical order with the configured field map. Every problem is
 * collected and reported at once as ProblemError 422 naming the payload paths.
 */
export function mapLead(payload: LeadPayload, config: CpaPostbackConfig, source: string): OrderInput {
  const fm = config.fieldMap;
  const issues: FieldIssue[] = [];
  const missing: string[] = [];
  const need = (target: Target, from: unknown = payload): string => {
    const src = fm[target];
    const v = resolve(src, from);
    if (v === undefined && src !== undefined) {
      const path = where(src);
      const prefix = from === payload ? '' : `${config.linesPath}[].`;
      missing.push(`${prefix}${path}`);
      issues.push({ path: `${prefix}${path}`, message: `required for ${target}${typeof src !== 'string' && 'map' in src && src.map ? ' (missing, or not in the map)' : ''}` });
    }
    return v ?? '';
  };
  const opt = (target: Target, from: unknown = payload) => resolve(fm[target], from);
  const bad = (target: Target, message: string) => issues.push({ path: where(fm[target]!), message: `${target}: ${message}` });

  const externalId = need('externalId');
  const name = need('customer.name');
  const rawPhone = need('customer.phone');
  const city = need('delivery.address.city');
  const phone = rawPhone ? normalisePhone(rawPhone, config.defaultCountry) : undefined;
  if (rawPhone && !phone) bad('customer.phone', `"${rawPhone}" is not a phone number this hub can read`);
  const rawEmail = opt('customer.email');
  const email = rawEmail && Email.safeParse(rawEmail).success ? rawEmail : undefined;

  const lineSources: unknown[] = config.linesPath ? elements(getPath(payload, config.linesPath)) : [payload];
  if (config.linesPath && lineSources.length === 0) {
    missing.push(config.linesPath);
    issues.push({ path: config.linesPath, message: 'no products in the lead' });
  }
  const lines: OrderLine[] = lineSources.map((from) => {
    const sku = need('line.sku', from);
    const qty = Number(need('line.qty', from));
    const price = amount(need('line.price', from));
    if (!Number.isInteger(qty) || qty <= 0) bad('line.qty', 'must be a positive whole number');
    if (price === undefined || price < 0) bad('line.price', 'must be a non-negative amount');
    return { sku, name: opt('line.name', from)?.slice(0, 500) || sku, qty, price: price ?? 0 };
  });

  const deliveryRaw = opt('deliveryPrice');
  const deliveryPrice = deliveryRaw === undefined ? undefined : amount(deliveryRaw);
  if (deliveryRaw !== undefined && (deliveryPrice === undefined || deliveryPrice < 0)) bad('deliveryPrice', 'must be a non-negative amount');

  if (issues.length) {
    throw new ProblemError(
      422,
      'unmappable_payload',
      'Payload cannot be mapped',
      missing.length ? `CPA lead is missing ${missing.join(', ')}` : `CPA lead has unreadable fields: ${issues.map((i) => i.message).join('; ')}`,
      { missing, errors: issues },
    );
  }

  const country = opt('delivery.address.country');
  const region = opt('delivery.address.region');
  const postcode = opt('delivery.address.postcode');
  const line = opt('delivery.address.line');
  const comment = opt('comment');
  return {
    source,
    externalId: externalId.slice(0, 200),
    currency: config.currency,
    customer: { name: name.slice(0, 300), phone: phone!, ...(email ? { email } : {}) },
    delivery: {
      address: {
        country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : config.defaultCountry,
        city,
        ...(region ? { region } : {}),
        ...(postcode ? { postcode } : {}),
        ...(line ? { line } : {}),
      },
    },
    lines,
    payment: { method: config.paymentMethod },
    ...(deliveryPrice !== undefined ? { deliveryPrice } : {}),
    ...(comment ? { comment: comment.slice(0, 2000) } : {}),
    sourceData: { platform: 'cpa-postback', rawPhone, ...(rawEmail && !email ? { rawEmail } : {}), ...(country && !/^[A-Za-z]{2}$/.test(country) ? { rawCountry: country } : {}), lead: payload },
  };

  function amount(v: string): number | undefined {
    if (config.priceUnit === 'major') return toMinorUnits(v);
    return /^\d+$/.test(v) ? Number(v) : undefined;
  }
}

/** Arrays, or form-decoded objects with numeric keys (`items[0][sku]`), in order. */
function elements(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    return Object.keys(v)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (v as Record<string, unknown>)[k]);
  }
  return [];
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { InboundRequest } from '../../../core/connectors/contract.js';
import { isConnectorError, ProblemError } from '../../../core/errors.js';
import { CallbackError, type CallbackBody } from './api.js';

/** The module's callback actions the hub serves (paths under `callbackBaseUrl`). */
export const DELIVERY_ACTIONS = ['calculate', 'save', 'get', 'delete'] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

/** An HTTP answer to a retailCRM callback: status and the JSON body retailCRM reads. */
export interface CallbackReply {
  status: number;
  body: CallbackBody;
}

/**
 * The fields of a callback: retailCRM POSTs `application/x-www-form-urlencoded` (`clientId` plus the
 * action's JSON in a field named after the action) and GETs `get` with a query string.
 */
export function callbackFields(req: InboundRequest): Record<string, string> {
  if (req.method.toUpperCase() === 'GET') return { ...req.query };
  const fields: Record<string, string> = { ...req.query };
  for (const [k, v] of new URLSearchParams(req.body)) fields[k] = v;
  return fields;
}

/** True when the callback carries the module's clientId; compared in constant time. */
export function checkClientId(req: InboundRequest, expected: string | undefined): boolean {
  if (!expected) return false;
  const got = callbackFields(req).clientId;
  if (!got) return false;
  const a = createHash('sha256').update(got).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Reads the JSON of one form field through its wire schema; a bad shape is a 400 for retailCRM. */
export function parseField<S extends z.ZodType>(fields: Record<string, string>, name: string, schema: S): z.output<S> {
  const raw = fields[name];
  if (!raw) throw new CallbackError(400, `Parameter "${name}" is required (a JSON string)`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CallbackError(400, `Parameter "${name}" must be JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CallbackError(400, `Parameter "${name}" is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function okReply(result?: unknown): CallbackReply {
  return { status: 200, body: result === undefined ? { success: true } : { success: true, result } };
}

export function failReply(status: number, errorMsg: string): CallbackReply {
  return { status, body: { success: false, errorMsg } };
}

export const unauthorizedReply = (): CallbackReply => failReply(401, 'Unknown clientId');

/**
 * Any failure as a reply retailCRM shows to the manager: the hub's own problems keep their text
 * (they are meant for people), courier failures say so, anything else stays generic.
 */
export function errorReply(err: unknown): CallbackReply {
  if (err instanceof CallbackError) return failReply(err.status, err.message);
  if (err instanceof ProblemError) return failReply(err.status >= 500 ? 502 : 400, err.message);
  if (isConnectorError(err)) return failReply(err.transient ? 503 : 400, `Служба доставки не ответила: ${err.message}`);
  return failReply(500, 'Internal error of the Svyazka hub; try again later');
}

import { OzonPush } from './api.js';
import { OZON_TRIGGER_PUSHES } from './status.js';

/**
 * Ozon push notifications (https://docs.ozon.ru/api/seller/#tag/push_types). They carry no whole
 * posting, so the hub treats the posting ones as a trigger for an immediate pull. Ozon signs
 * nothing: the hub may check the source address (195.34.21.0/24, 185.73.192.0/22, 91.223.93.0/24)
 * and compare `sellerId` with the connector's Client-Id.
 */
export type OzonPushKind = 'ping' | 'trigger' | 'ignore' | 'invalid';

export interface OzonPushReply {
  status: number;
  /** JSON body exactly as Ozon expects it. */
  body: unknown;
}

export interface OzonPushOutcome {
  kind: OzonPushKind;
  messageType?: string;
  postingNumber?: string;
  newState?: string;
  sellerId?: string;
  reply: OzonPushReply;
}

export interface PushAppInfo {
  name: string;
  version: string;
}

const DEFAULT_APP: PushAppInfo = { name: 'svyazka', version: '0.1.0' };

/** Answer to `TYPE_PING`: application name, version and the time processing began, in UTC. */
export function pingReply(now: Date, app: PushAppInfo = DEFAULT_APP): OzonPushReply {
  return { status: 200, body: { version: app.version, name: app.name, time: now.toISOString() } };
}

/** Answer to every other notification received and understood. */
export const OK_REPLY: OzonPushReply = { status: 200, body: { result: true } };

/** Ozon's error answer (4xx), e.g. for a body that is not a notification. */
export function errorReply(code: 'ERROR_UNKNOWN' | 'ERROR_PARAMETER_VALUE_MISSED' | 'ERROR_REQUEST_DUPLICATED', message: string, status = 400): OzonPushReply {
  return { status, body: { error: { code, message, details: null } } };
}

/** Pure: a raw push body → what it means and how to answer it. Never throws. */
export function parseOzonPush(body: string | unknown, now: Date, app: PushAppInfo = DEFAULT_APP): OzonPushOutcome {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return { kind: 'invalid', reply: errorReply('ERROR_PARAMETER_VALUE_MISSED', 'body is not JSON') };
    }
  }
  const parsed = OzonPush.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reply: errorReply('ERROR_PARAMETER_VALUE_MISSED', 'message_type is missing') };
  const msg = parsed.data;
  const base = {
    messageType: msg.message_type,
    ...(msg.posting_number ? { postingNumber: msg.posting_number } : {}),
    ...(msg.new_state ? { newState: msg.new_state } : {}),
    ...(msg.seller_id != null ? { sellerId: String(msg.seller_id) } : {}),
  };
  if (msg.message_type === 'TYPE_PING') return { kind: 'ping', ...base, reply: pingReply(now, app) };
  if (OZON_TRIGGER_PUSHES.has(msg.message_type)) {
    if (!msg.posting_number) return { kind: 'invalid', ...base, reply: errorReply('ERROR_PARAMETER_VALUE_MISSED', 'posting_number is missing') };
    return { kind: 'trigger', ...base, reply: OK_REPLY };
  }
  return { kind: 'ignore', ...base, reply: OK_REPLY };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../../../core/errors.js';
import type { InboundRequest } from '../../../core/connectors/contract.js';
import {
  HandledNotification,
  NotificationEnvelope,
  type NotificationErrorType,
  type SendNotificationErrorResponse,
  type SendNotificationResponse,
} from './api.js';

export type MarketNotification =
  | { kind: 'PING'; time?: string }
  | { kind: 'ORDER_CREATED'; orderId: string; campaignId: number; items: { offerId: string; count: number }[]; at: string }
  | { kind: 'ORDER_STATUS_UPDATED'; orderId: string; campaignId: number; status: string; substatus: string; at: string }
  | { kind: 'ORDER_CANCELLED'; orderId: string; campaignId: number; items: { offerId: string; count: number }[]; at: string }
  /** A well-formed notification of a type the hub does not act on (chats, reviews, returns, new types). */
  | { kind: 'ignored'; notificationType: string }
  /** Not a notification the spec allows: answer 400 with `response`. */
  | { kind: 'invalid'; message: string; response: SendNotificationErrorResponse };

/** Parses the body of `POST /notification` (SendNotificationRequest) without throwing. */
export function parseNotification(body: string): MarketNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return invalid('body is not JSON');
  }
  const envelope = NotificationEnvelope.safeParse(json);
  if (!envelope.success) return invalid('notificationType is missing');
  const handled = HandledNotification.safeParse(json);
  if (!handled.success) {
    const type = envelope.data.notificationType;
    if (!['PING', 'ORDER_CREATED', 'ORDER_STATUS_UPDATED', 'ORDER_CANCELLED'].includes(type)) return { kind: 'ignored', notificationType: type };
    const detail = handled.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return invalid(`${type}: ${detail}`);
  }
  const n = handled.data;
  switch (n.notificationType) {
    case 'PING':
      return n.time ? { kind: 'PING', time: n.time } : { kind: 'PING' };
    case 'ORDER_CREATED':
      return { kind: n.notificationType, orderId: String(n.orderId), campaignId: Number(n.campaignId), items: items(n.items), at: n.createdAt };
    case 'ORDER_CANCELLED':
      return { kind: n.notificationType, orderId: String(n.orderId), campaignId: Number(n.campaignId), items: items(n.items), at: n.cancelledAt };
    case 'ORDER_STATUS_UPDATED':
      return { kind: n.notificationType, orderId: String(n.orderId), campaignId: Number(n.campaignId), status: n.status, substatus: n.substatus, at: n.updatedAt };
  }
}

/** The 200 body for every accepted notification (SendNotificationResponse); `time` is when processing began, UTC. */
export function notificationOkResponse(startedAt: Date, name = 'Svyazka', version = '1.0'): SendNotificationResponse {
  return { version, name, time: startedAt.toISOString() };
}

/** The 400/500 body (SendNotificationErrorResponse with NotificationApiErrorDTO). */
export function notificationErrorResponse(type: NotificationErrorType, message: string): SendNotificationErrorResponse {
  return { error: { type, message } };
}

/**
 * Market sends no token or signature with API notifications (the notification spec has no security
 * scheme); its docs ask to check the caller's IP against these ranges. The route knows the peer
 * address, the adapter does not, so it is exported for the route.
 */
export const MARKET_NOTIFICATION_RANGES = ['5.45.207.0/25', '141.8.142.0/25', '5.255.253.0/25'] as const;

export function isMarketNotificationIp(ip: string): boolean {
  const addr = ipv4(ip.replace(/^::ffff:/, ''));
  if (addr === undefined) return false;
  return MARKET_NOTIFICATION_RANGES.some((range) => {
    const [net, bits] = range.split('/') as [string, string];
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return ((addr & mask) >>> 0) === ((ipv4(net)! & mask) >>> 0);
  });
}

/**
 * Checks the optional shared token the admin appended to the notification URL (`?token=`).
 * Throws ProblemError 401 when a token is configured and the request does not carry it.
 */
export function checkNotificationToken(req: InboundRequest, expected: string | undefined): void {
  if (!expected) return;
  const got = req.query.token ?? '';
  const a = createHash('sha256').update(got).digest();
  const b = createHash('sha256').update(expected).digest();
  if (!got || !timingSafeEqual(a, b)) {
    throw new ProblemError(401, 'invalid_signature', 'Invalid token', 'Yandex Market notification refused: the token query parameter is missing or wrong');
  }
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
}

function items(list: { offerId: string; count: number }[]) {
  return list.map((i) => ({ offerId: i.offerId, count: i.count }));
}

function invalid(message: string): MarketNotification {
  return { kind: 'invalid', message, response: notificationErrorResponse('WRONG_EVENT_FORMAT', message) };
}

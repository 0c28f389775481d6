import { describe, expect, it } from 'vitest';
import {
  createYandexMarketAdapter,
  isMarketNotificationIp,
  notificationErrorResponse,
  notificationOkResponse,
  parseNotification,
} from '../../../../src/connectors/orders/yandex-market/index.js';
import { ProblemError } from '../../../../src/core/errors.js';
import type { InboundRequest } from '../../../../src/core/connectors/contract.js';
import { CAMPAIGN, config, deps, fixture } from './helpers.js';

const req = (body: string, query: Record<string, string> = {}): InboundRequest => ({ method: 'POST', headers: { 'content-type': 'application/json' }, query, body });

describe('yandex-market notifications', () => {
  it('parses PING', () => {
    expect(parseNotification(fixture('notification-ping.request.json'))).toEqual({ kind: 'PING', time: '2025-01-01T00:00:00Z' });
    expect(parseNotification('{"notificationType":"PING"}')).toEqual({ kind: 'PING' });
  });

  it('parses ORDER_CREATED, ORDER_STATUS_UPDATED and ORDER_CANCELLED', () => {
    expect(parseNotification(fixture('notification-order-created.request.json'))).toEqual({
      kind: 'ORDER_CREATED',
      orderId: '12345',
      campaignId: CAMPAIGN,
      at: '2026-11-23T09:15:00+03:00',
      items: [{ offerId: '100423035876', count: 1 }, { offerId: '100556386844', count: 1 }],
    });
    expect(parseNotification(fixture('notification-order-status-updated.request.json'))).toEqual({
      kind: 'ORDER_STATUS_UPDATED',
      orderId: '12345',
      campaignId: CAMPAIGN,
      status: 'PROCESSING',
      substatus: 'READY_TO_SHIP',
      at: '2026-11-23T10:00:00.213Z',
    });
    expect(parseNotification(fixture('notification-order-cancelled.request.json'))).toMatchObject({
      kind: 'ORDER_CANCELLED',
      orderId: '12346',
      items: [{ offerId: '100321105577', count: 1 }],
      at: '2026-11-23T11:00:00+03:00',
    });
  });

  it('accepts status values the enum does not list yet (Market says new values may appear)', () => {
    const n = parseNotification(JSON.stringify({ notificationType: 'ORDER_STATUS_UPDATED', orderId: 1, campaignId: 2, status: 'NEW_STATUS', substatus: 'X', updatedAt: '2026-01-01T00:00:00Z' }));
    expect(n).toMatchObject({ kind: 'ORDER_STATUS_UPDATED', status: 'NEW_STATUS' });
  });

  it('ignores other and unknown notification types', () => {
    expect(parseNotification('{"notificationType":"CHAT_CREATED","chatId":1}')).toEqual({ kind: 'ignored', notificationType: 'CHAT_CREATED' });
    expect(parseNotification('{"notificationType":"SOMETHING_NEW"}')).toEqual({ kind: 'ignored', notificationType: 'SOMETHING_NEW' });
  });

  it('answers malformed notifications with WRONG_EVENT_FORMAT', () => {
    const cases = [
      'not json',
      '[]',
      '{}',
      '{"notificationType":"ORDER_CREATED","orderId":1,"campaignId":2,"items":[]}', // no createdAt
      '{"notificationType":"ORDER_CREATED","orderId":"abc","campaignId":2,"items":[],"createdAt":"2026-01-01T00:00:00Z"}',
      '{"notificationType":"ORDER_CANCELLED","orderId":1,"campaignId":2,"items":[{"offerId":"  ","count":1}],"cancelledAt":"2026-01-01T00:00:00Z"}',
      '{"notificationType":"PING","time":"yesterday"}',
    ];
    for (const body of cases) {
      const n = parseNotification(body);
      expect(n.kind, body).toBe('invalid');
      if (n.kind === 'invalid') expect(n.response).toEqual({ error: { type: 'WRONG_EVENT_FORMAT', message: n.message } });
    }
    const created = parseNotification('{"notificationType":"ORDER_CREATED","orderId":1,"campaignId":2,"items":[]}');
    expect(created.kind === 'invalid' && created.message).toMatch(/createdAt/);
  });

  it('builds the response bodies the notification API defines', () => {
    expect(notificationOkResponse(new Date('2026-11-23T09:00:00+03:00'))).toEqual({ version: '1.0', name: 'Svyazka', time: '2026-11-23T06:00:00.000Z' });
    expect(notificationErrorResponse('UNKNOWN', 'boom')).toEqual({ error: { type: 'UNKNOWN', message: 'boom' } });
  });

  it('recognises Market IP ranges', () => {
    expect(isMarketNotificationIp('5.45.207.1')).toBe(true);
    expect(isMarketNotificationIp('5.45.207.127')).toBe(true);
    expect(isMarketNotificationIp('5.45.207.128')).toBe(false);
    expect(isMarketNotificationIp('::ffff:141.8.142.10')).toBe(true);
    expect(isMarketNotificationIp('5.255.253.0')).toBe(true);
    expect(isMarketNotificationIp('8.8.8.8')).toBe(false);
    expect(isMarketNotificationIp('garbage')).toBe(false);
  });

  it('adapter: answers PING with the spec body, 400 for bad bodies, ignores other campaigns', () => {
    const ym = createYandexMarketAdapter(config(), deps());
    expect(ym.notification(req(fixture('notification-ping.request.json')))).toMatchObject({ status: 200, body: { version: '1.0', name: 'Svyazka', time: '2026-11-23T06:00:00.000Z' } });
    expect(ym.notification(req('{'))).toMatchObject({ status: 400, body: { error: { type: 'WRONG_EVENT_FORMAT' } } });
    const other = fixture('notification-order-created.request.json').replace(String(CAMPAIGN), '999');
    expect(ym.notification(req(other))).toMatchObject({ status: 200, notification: { kind: 'ignored' } });
  });

  it('adapter: with a notification token, refuses calls without it (401) and accepts ?token=', () => {
    const token = 'n0tification-t0ken-1234567890';
    const ym = createYandexMarketAdapter(config({ notificationToken: token }), deps());
    const body = fixture('notification-ping.request.json');
    for (const q of [{}, { token: 'wrong' }, { token: `${token}x` }] as Record<string, string>[]) {
      let err: unknown;
      try {
        ym.notification(req(body, q));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProblemError);
      expect(err).toMatchObject({ status: 401, code: 'invalid_signature' });
      expect((err as Error).message).not.toContain(token);
    }
    expect(ym.notification(req(body, { token })).status).toBe(200);
  });
});

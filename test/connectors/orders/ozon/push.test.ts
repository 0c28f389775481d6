import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOzonPush } from '../../../../src/connectors/orders/ozon/index.js';

const raw = (name: string) => readFileSync(new URL(`../../../../fixtures/orders/ozon/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-23T06:00:00.123Z');

describe('ozon push notifications', () => {
  it('answers TYPE_PING with version, name and time', () => {
    const out = parseOzonPush(raw('push-ping.request.json'), now, { name: 'svyazka', version: '1.2.3' });
    expect(out.kind).toBe('ping');
    expect(out.reply).toEqual({ status: 200, body: { version: '1.2.3', name: 'svyazka', time: '2026-11-23T06:00:00.123Z' } });
  });

  it('turns TYPE_NEW_POSTING into a trigger for its posting', () => {
    const out = parseOzonPush(raw('push-new-posting.request.json'), now);
    expect(out).toMatchObject({ kind: 'trigger', messageType: 'TYPE_NEW_POSTING', postingNumber: '24319409-0021-1', sellerId: '1' });
    expect(out.reply).toEqual({ status: 200, body: { result: true } });
  });

  it('turns TYPE_STATE_CHANGED and TYPE_POSTING_CANCELLED into triggers', () => {
    expect(parseOzonPush(raw('push-state-changed.request.json'), now)).toMatchObject({
      kind: 'trigger',
      postingNumber: '24219509-0020-2',
      newState: 'posting_delivered',
      reply: { status: 200, body: { result: true } },
    });
    expect(parseOzonPush(JSON.parse(raw('push-posting-cancelled.request.json')), now)).toMatchObject({ kind: 'trigger', postingNumber: '24219509-0020-1' });
  });

  it('acknowledges and ignores notifications that do not concern postings', () => {
    const out = parseOzonPush(JSON.stringify({ message_type: 'TYPE_NEW_MESSAGE', chat_id: 'x', seller_id: '7' }), now);
    expect(out).toMatchObject({ kind: 'ignore', messageType: 'TYPE_NEW_MESSAGE', reply: { status: 200, body: { result: true } } });
  });

  it('answers malformed bodies with the error shape Ozon defines', () => {
    for (const body of ['{not json', JSON.stringify({ posting_number: '1' }), JSON.stringify({ message_type: 'TYPE_NEW_POSTING' })]) {
      const out = parseOzonPush(body, now);
      expect(out.kind).toBe('invalid');
      expect(out.reply.status).toBe(400);
      expect(out.reply.body).toMatchObject({ error: { code: 'ERROR_PARAMETER_VALUE_MISSED', details: null } });
    }
  });
});

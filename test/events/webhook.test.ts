import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { EventDispatcher } from '../../src/core/events/dispatcher.js';
import { verify } from '../../src/connectors/crm/webhook/signature.js';
import { orderBody, useTestHub } from '../helpers/hub.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();
const t = useTestHub();
const SECRET = 'whsec-0123456789abcdef';
// One dispatcher, as one worker process: it holds the per-connector lock between passes.
let d: EventDispatcher;

interface Received { id: string; type: string; orderId?: string; sig: string; body: string }

function receiver(up: () => boolean) {
  const got: Received[] = [];
  server.use(
    http.post('https://crm.example/hooks', async ({ request }) => {
      if (!up()) return new HttpResponse('maintenance', { status: 503 });
      const body = await request.text();
      const e = JSON.parse(body);
      got.push({ id: e.id, type: e.type, orderId: e.orderId, sig: request.headers.get('svyazka-signature') ?? '', body });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return got;
}

describe('webhook events', () => {
  it('delivers signed events a receiver can verify with the documented recipe', async () => {
    const got = receiver(() => true);
    d = new EventDispatcher(t.hub);
    await t.call('PUT', '/v1/admin/connectors/crm', { id: 'crm', type: 'webhook', config: { url: 'https://crm.example/hooks', secret: SECRET } });
    await d.tick(); // starts at the end of the log
    const id = (await t.call('POST', '/v1/orders', orderBody('W-1'))).body.id;
    await t.call('POST', `/v1/orders/${id}/confirm`);
    expect(await d.tick()).toBe(2);
    expect(got.map((g) => g.type)).toEqual(['order.received', 'order.status_changed']);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    for (const g of got) {
      expect(verify(SECRET, g.sig, g.body, now)).toBe(true);
      expect(verify(SECRET, g.sig, g.body + ' ', now)).toBe(false);
      expect(verify('another-secret-000000', g.sig, g.body, now)).toBe(false);
      expect(verify(SECRET, g.sig, g.body, now + 3600)).toBe(false);
    }
    expect((await t.call('GET', '/v1/admin/connectors/crm')).text).not.toContain(SECRET);
  });

  it('gives a receiver that was down for an hour every event afterwards, in order per order', async () => {
    let up = false;
    const got = receiver(() => up);
    await d.tick();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.call('POST', '/v1/orders', orderBody(`DOWN-${i}`))).body.id);
    for (const id of ids) await t.call('POST', `/v1/orders/${id}/status`, { status: 'cancelled' });
    for (let minute = 0; minute < 60; minute++) {
      await d.tick();
      t.clock.advance(60_000);
    }
    expect(got).toHaveLength(0);
    const log = (await t.call('GET', '/v1/admin/connectors/crm/deliveries?limit=1000')).body;
    expect(log[0]).toMatchObject({ outcome: 'failed', type: 'order.received' });
    up = true;
    t.clock.advance(10 * 60_000);
    await d.tick();
    const mine = got.filter((g) => ids.includes(g.orderId!));
    expect(mine).toHaveLength(6);
    for (const id of ids) expect(mine.filter((g) => g.orderId === id).map((g) => g.type)).toEqual(['order.received', 'order.status_changed']);
    expect(new Set(got.map((g) => g.id)).size).toBe(got.length);
  });

  it('gives up on an event after 72 hours, logs it, and moves on', async () => {
    let up = false;
    const got = receiver(() => up);
    await d.tick();
    const id = (await t.call('POST', '/v1/orders', orderBody('GIVEUP'))).body.id;
    await d.tick();
    t.clock.advance(73 * 3600_000);
    await d.tick(); // the attempt after 72 h gives up on order.received
    up = true;
    await t.call('POST', `/v1/orders/${id}/status`, { status: 'cancelled' });
    t.clock.advance(60_000);
    await d.tick();
    expect(got.filter((g) => g.orderId === id).map((g) => g.type)).toEqual(['order.status_changed']);
    const log = (await t.call('GET', '/v1/admin/connectors/crm/deliveries')).body;
    expect(log.some((e: any) => e.outcome === 'given_up' && e.orderId === id)).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/core/errors.js';
import { useTestHub } from '../../helpers/hub.js';
import { addCouriers, calls, maxInFlight, quoteBody, rate, scripted, scripts, sleep } from './scripted.js';

const t = useTestHub({
  definitions: [scripted],
  hub: {
    quotes: {
      connectorTimeoutMs: { 'slow-first': 150 },
      concurrencyByConnector: { narrow: 2, single: 1 },
      breaker: { failures: 3, windowMs: 10_000, coolDownMs: 400 },
    },
  },
});

const ids = ['quick', 'hang', 'slow-first', 'flaky', 'refuses', 'down-twice', 'limited-short', 'limited-long', 'down', 'nosvc', 'narrow', 'single', 'wobbly', 'nosvc-2', 'broken', 'doors-only', 'held'];
beforeAll(() => addCouriers(t, ids));

const quote = (connectorIds: string[], extra: Record<string, unknown> = {}) => t.call('POST', '/v1/quotes', quoteBody(connectorIds, extra));
const connectorsOf = (res: { body: any }) => res.body.options.map((o: any) => o.connectorId).sort();

describe('quote engine: deadlines and timeouts', () => {
  it('answers by the deadline with the others\' options when a courier hangs', async () => {
    scripts.set('quick', async () => ({ rates: [rate(30000)] }));
    scripts.set('hang', (_n, input) => sleep(60_000, input.signal).then(() => ({ rates: [] })));
    const started = Date.now();
    const res = await quote(['quick', 'hang'], { timeoutMs: 300 });
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(250); // 20 ms are kept back to send the answer by the deadline
    expect(took).toBeLessThan(800);
    expect(connectorsOf(res)).toEqual(['quick']);
    expect(res.body.errors).toEqual([{ connectorId: 'hang', code: 'timeout', message: expect.stringContaining('deadline') }]);
  });

  it('gives up on an attempt at the courier\'s own timeout and retries it within the deadline', async () => {
    scripts.set('slow-first', (n, input) => (n === 1 ? sleep(5000, input.signal).then(() => ({ rates: [rate(1)] })) : Promise.resolve({ rates: [rate(20000)] })));
    const started = Date.now();
    const res = await quote(['slow-first']);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.body.options).toEqual([expect.objectContaining({ connectorId: 'slow-first', price: { amount: 20000, currency: 'RUB' } })]);
    expect(calls.get('slow-first')).toBe(2);
  });
});

describe('quote engine: retries', () => {
  it('retries a transient failure once and takes the second answer', async () => {
    scripts.set('flaky', async (n) => {
      if (n === 1) throw new ConnectorError('provider_error', 'courier answered HTTP 503');
      return { rates: [rate(25000)] };
    });
    const res = await quote(['flaky']);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.options[0].price.amount).toBe(25000);
    expect(calls.get('flaky')).toBe(2);
  });

  it('does not retry a permanent failure, and retries a transient one only once', async () => {
    scripts.set('refuses', async () => { throw new ConnectorError('invalid_request', 'courier says: weight over 30 kg'); });
    scripts.set('down-twice', async () => { throw new ConnectorError('network', 'connection reset'); });
    const res = await quote(['refuses', 'down-twice']);
    expect(res.status).toBe(502);
    expect(calls.get('refuses')).toBe(1);
    expect(calls.get('down-twice')).toBe(2);
    expect(res.body.errors.map((e: any) => `${e.connectorId}:${e.code}`).sort()).toEqual(['down-twice:network', 'refuses:invalid_request']);
  });

  it('does not retry when the deadline leaves no room', async () => {
    scripts.set('quick', async () => ({ rates: [rate(30000)] }));
    scripts.set('flaky', async (_n) => { await sleep(150); throw new ConnectorError('provider_error', 'HTTP 502'); });
    const before = calls.get('flaky')!;
    const res = await quote(['quick', 'flaky'], { timeoutMs: 400 });
    expect(calls.get('flaky')! - before).toBe(1); // 250 ms left < the 300 ms a retry needs
    expect(res.body.errors).toEqual([{ connectorId: 'flaky', code: 'provider_error', message: 'HTTP 502' }]);
  });

  it('honours a short Retry-After within the deadline', async () => {
    scripts.set('limited-short', async (n) => {
      if (n === 1) throw new ConnectorError('rate_limited', 'courier answered HTTP 429', { retryAfterMs: 150 });
      return { rates: [rate(31000)] };
    });
    const started = Date.now();
    const res = await quote(['limited-short']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.body.options[0].price.amount).toBe(31000);
    expect(calls.get('limited-short')).toBe(2);
  });

  it('reports rate_limited at once when Retry-After is past the deadline', async () => {
    scripts.set('quick', async () => ({ rates: [rate(30000)] }));
    scripts.set('limited-long', async () => { throw new ConnectorError('rate_limited', 'courier answered HTTP 429', { retryAfterMs: 10_000 }); });
    const started = Date.now();
    const res = await quote(['quick', 'limited-long']);
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls.get('limited-long')).toBe(1);
    expect(res.body.errors).toEqual([{ connectorId: 'limited-long', code: 'rate_limited', message: expect.stringContaining('retry after 10s') }]);
  });

  it('holds every request off a courier until its Retry-After has passed, not only the refused one', async () => {
    let limited = true;
    scripts.set('quick', async () => ({ rates: [rate(30000)] }));
    scripts.set('held', async () => {
      if (limited) throw new ConnectorError('rate_limited', 'courier answered HTTP 429', { retryAfterMs: 700 });
      return { rates: [rate(32000)] };
    });
    const refused = await quote(['quick', 'held'], { timeoutMs: 600 });
    expect(refused.body.errors).toEqual([{ connectorId: 'held', code: 'rate_limited', message: expect.stringContaining('retry after 1s') }]);
    expect(calls.get('held')).toBe(1);
    // Another request (another declared value, so not the cached refusal): skipped without a call.
    const skipped = await quote(['quick', 'held']);
    expect(skipped.status).toBe(200);
    expect(skipped.body.errors).toEqual([{ connectorId: 'held', code: 'rate_limited', message: expect.stringMatching(/^skipped for 1s more: the courier asked to wait \(429 Retry-After\)/) }]);
    expect(calls.get('held')).toBe(1);
    limited = false;
    await sleep(750);
    const after = await quote(['quick', 'held']);
    expect(connectorsOf(after)).toEqual(['held', 'quick']);
    expect(calls.get('held')).toBe(2);
  });
});

describe('quote engine: circuit breaker', () => {
  it('opens after N failures, skips the courier during the cool-down, and a probe closes it', async () => {
    let healthy = false;
    scripts.set('down', async () => {
      if (!healthy) throw new ConnectorError('provider_error', 'courier answered HTTP 500');
      return { rates: [rate(27000)] };
    });
    scripts.set('quick', async () => ({ rates: [rate(30000)] }));
    for (let i = 0; i < 3; i++) expect((await quote(['quick', 'down'])).body.errors[0].code).toBe('provider_error');
    const called = calls.get('down');
    expect(called).toBe(6); // three requests, each retried once

    const skipped = await quote(['quick', 'down']);
    expect(skipped.status).toBe(200);
    expect(skipped.body.errors).toEqual([{ connectorId: 'down', code: 'circuit_open', message: expect.stringMatching(/^skipped for \ds after repeated failures: provider_error: courier answered HTTP 500$/) }]);
    await quote(['down']);
    expect(calls.get('down')).toBe(called); // not called during the cool-down

    // After the cool-down one probe goes through; it fails, so the circuit opens again at once.
    await sleep(450);
    const probe = await quote(['down']);
    expect(probe.body.errors[0].code).toBe('provider_error');
    expect(calls.get('down')).toBe(called! + 2);
    expect((await quote(['down'])).body.errors[0].code).toBe('circuit_open');

    // A successful probe closes it: the next requests call the courier as usual.
    healthy = true;
    await sleep(450);
    expect((await quote(['down'])).body.options[0].price.amount).toBe(27000);
    expect((await quote(['down'])).body.options[0].price.amount).toBe(27000);
    expect(calls.get('down')).toBe(called! + 4);
  });

  it('lets a single probe through while the others are still skipped', async () => {
    scripts.set('down', async () => { throw new ConnectorError('provider_error', 'HTTP 500'); });
    for (let i = 0; i < 3; i++) await quote(['down'], { timeoutMs: 200 });
    expect((await quote(['down'])).body.errors[0].code).toBe('circuit_open');
    await sleep(450);
    scripts.set('down', async (_n, input) => { await sleep(200, input.signal); return { rates: [rate(1)] }; });
    const before = calls.get('down')!;
    const answers = await Promise.all([quote(['down']), quote(['down']), quote(['down'])]);
    expect(calls.get('down')! - before).toBe(1);
    expect(answers.map((a) => a.body.errors[0]?.code ?? 'ok').sort()).toEqual(['circuit_open', 'circuit_open', 'ok']);
  });

  it('starts counting failures again after a good answer', async () => {
    const plan = ['fail', 'fail', 'ok', 'fail', 'fail', 'ok'];
    let step = '';
    scripts.set('wobbly', async () => {
      if (step === 'fail') throw new ConnectorError('provider_error', 'HTTP 502');
      return { rates: [rate(100)] };
    });
    const codes: string[] = [];
    for (step of plan) codes.push((await quote(['wobbly'])).body.errors[0]?.code ?? 'ok');
    // Three failures in a row would open the circuit; two, a success, two more must not.
    expect(codes).toEqual(['provider_error', 'provider_error', 'ok', 'provider_error', 'provider_error', 'ok']);
  });

  it('does not count "no service" as a failure', async () => {
    scripts.set('nosvc', async () => ({ rates: [], noService: 'no delivery to this city' }));
    for (let i = 0; i < 5; i++) await quote(['nosvc']);
    const res = await quote(['nosvc']);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([{ connectorId: 'nosvc', code: 'no_service', message: 'no delivery to this city' }]);
    expect(calls.get('nosvc')).toBe(6);
  });
});

describe('quote engine: 200 or 502', () => {
  it('answers 200 when one courier says "no service" and the other fails: "no service" is an answer', async () => {
    scripts.set('nosvc-2', async () => ({ rates: [], noService: 'no delivery to this city' }));
    scripts.set('broken', async () => { throw new ConnectorError('auth', 'courier refused the API key'); });
    const res = await quote(['nosvc-2', 'broken']);
    expect(res.status).toBe(200);
    expect(res.body.options).toEqual([]);
    expect(res.body.errors.map((e: any) => `${e.connectorId}:${e.code}`).sort()).toEqual(['broken:auth', 'nosvc-2:no_service']);
  });

  it('answers 200 with a "no service" entry when the deliveryTypes filter leaves none of a courier\'s options', async () => {
    scripts.set('doors-only', async () => ({ rates: [rate(30000), rate(35000, { service: 'express' })] }));
    const res = await quote(['doors-only'], { deliveryTypes: ['pickup_point', 'postamat'] });
    expect(res.status).toBe(200);
    expect(res.body.options).toEqual([]);
    expect(res.body.errors).toEqual([{ connectorId: 'doors-only', code: 'no_service', message: 'no options of the requested delivery types (pickup_point, postamat)' }]);
    const doors = await quote(['doors-only'], { deliveryTypes: ['door'] });
    expect(doors.body.options).toHaveLength(2);
    expect(doors.body.errors).toEqual([]);
  });
});

describe('quote engine: concurrency per courier', () => {
  it('keeps at most the configured number of calls in flight', async () => {
    scripts.set('narrow', async () => { await sleep(60); return { rates: [rate(10000)] }; });
    const answers = await Promise.all(Array.from({ length: 6 }, () => quote(['narrow'])));
    expect(answers.every((a) => a.status === 200 && a.body.options.length === 1)).toBe(true);
    expect(calls.get('narrow')).toBe(6);
    expect(maxInFlight.get('narrow')).toBe(2);
  });

  it('counts the wait for a slot against the deadline', async () => {
    scripts.set('single', async () => { await sleep(250); return { rates: [rate(10000)] }; });
    const started = Date.now();
    const [a, b] = await Promise.all([quote(['single'], { timeoutMs: 400 }), quote(['single'], { timeoutMs: 400 })]);
    expect(Date.now() - started).toBeLessThan(900);
    expect(maxInFlight.get('single')).toBe(1);
    const codes = [a, b].map((r) => (r.body.options?.length ? 'ok' : r.body.errors[0].code)).sort();
    expect(codes).toEqual(['ok', 'timeout']);
  });
});

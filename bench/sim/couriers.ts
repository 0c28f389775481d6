import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { monotonicMs, simStamps } from '../trace/record.js';

/**
 * Simulated couriers for the quote benchmark: one node:http server per courier on 127.0.0.1,
 * speaking the adapter's real wire format for the quote path and answering with the repo's
 * fixtures (the same routes, methods and bodies the msw stubs of test/connectors/couriers use).
 * Each server measures its own service time (request in → response written), so the benchmark
 * can set the hub's latency against the courier's own.
 */

export const SIM_TYPES = ['cdek', 'boxberry', 'russian-post', 'dpd', 'nova-poshta'] as const;
export type SimType = (typeof SIM_TYPES)[number];

export interface SimOptions {
  /** Added before every answer. @defaultValue 50 */
  latencyMs?: number;
  /** Share of requests answered 503 (after the latency), drawn from a seeded PRNG. @defaultValue 0 */
  failRate?: number;
  /** Never answer: the request is read and the socket left open. */
  hang?: boolean;
  seed?: number;
}

export interface SimSpec extends SimOptions {
  name: string;
  type: SimType;
}

export interface SimStats {
  name: string;
  type: SimType;
  requests: number;
  failed: number;
  hung: number;
  /** Requests per route (method + path + API method name). */
  routes: Record<string, number>;
  /** Service time of answered requests, ms. */
  p50: number;
  p99: number;
  max: number;
  answered: number;
}

export interface SimCourier {
  name: string;
  type: SimType;
  port: number;
  /** What the connector's `baseUrl` must be set to. */
  baseUrl: string;
  stats(): SimStats;
  reset(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  type: string;
  body: string;
}

const fixture = (type: string, name: string) => readFileSync(new URL(`../../fixtures/couriers/${type}/${name}`, import.meta.url), 'utf8');
const json = (body: string | unknown, status = 200): Reply => ({ status, type: 'application/json; charset=utf-8', body: typeof body === 'string' ? body : JSON.stringify(body) });
const xml = (body: string, status = 200): Reply => ({ status, type: 'text/xml; charset=utf-8', body });

/** Kyiv's date `days` from now, as Nova Poshta writes dates. */
function kyivDatePlus(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Kyiv' });
}

type Route = (req: IncomingMessage, url: URL, body: string) => { route: string; reply: Reply };

/** The quote path of each courier's API. Anything else is a 404, which the bench treats as a bug. */
function routes(type: SimType): Route {
  switch (type) {
    case 'cdek': {
      const token = fixture('cdek', 'oauth-token.response.json');
      const cities = fixture('cdek', 'location-cities.response.json');
      const tariffs = fixture('cdek', 'calculator-tarifflist.response.json');
      const unauthorized = json({ requests: [], errors: [{ code: 'v2_token_expired', message: 'token is missing' }] }, 401);
      const bearer = (req: IncomingMessage) => /^Bearer \S+/.test(req.headers.authorization ?? '');
      return (req, url, body) => {
        if (req.method === 'POST' && url.pathname === '/v2/oauth/token') {
          const form = new URLSearchParams(body);
          if (form.get('grant_type') !== 'client_credentials' || !form.get('client_id')) return { route: 'POST /v2/oauth/token', reply: json({ error: 'invalid_request' }, 400) };
          return { route: 'POST /v2/oauth/token', reply: json(token) };
        }
        if (req.method === 'GET' && url.pathname === '/v2/location/cities') return { route: 'GET /v2/location/cities', reply: bearer(req) ? json(cities) : unauthorized };
        if (req.method === 'POST' && url.pathname === '/v2/calculator/tarifflist') return { route: 'POST /v2/calculator/tarifflist', reply: bearer(req) ? json(tariffs) : unauthorized };
        return { route: `${req.method} ${url.pathname}`, reply: json({ errors: [{ code: 'not_found' }] }, 404) };
      };
    }
    case 'boxberry': {
      const answers: Record<string, string> = { ListCities: fixture('boxberry', 'ListCities.response.json'), DeliveryCalculation: fixture('boxberry', 'DeliveryCalculation.response.json') };
      // json.php: reads by GET with the method in the query, writes by POST with it in the JSON body.
      return (req, url, body) => {
        if (url.pathname !== '/json.php') return { route: `${req.method} ${url.pathname}`, reply: json({ err: 'not found' }, 404) };
        const params: Record<string, unknown> = req.method === 'POST' ? (JSON.parse(body || '{}') as Record<string, unknown>) : Object.fromEntries(url.searchParams);
        const method = String(params.method);
        const route = `${req.method} json.php ${method}`;
        if (!params.token) return { route, reply: json({ err: 'Ключ интеграции не указан' }) };
        const answer = answers[method];
        return { route, reply: answer ? json(answer) : json({ err: `unexpected method ${method}` }) };
      };
    }
    case 'russian-post': {
      const tariff = fixture('russian-post', 'tariff-v2-delivery.response.json');
      return (req, url) => {
        if (req.method === 'GET' && url.pathname === '/v2/calculate/tariff/delivery') {
          const ok = url.searchParams.get('json') !== null && /^\d{6}$/.test(url.searchParams.get('from') ?? '') && /^\d{6}$/.test(url.searchParams.get('to') ?? '');
          return { route: 'GET /v2/calculate/tariff/delivery', reply: ok ? json(tariff) : json({ errors: [{ msg: 'bad from/to' }] }, 400) };
        }
        return { route: `${req.method} ${url.pathname}`, reply: json({ error: 'not found' }, 404) };
      };
    }
    case 'dpd': {
      const cost = fixture('dpd', 'getServiceCost2.response.xml');
      return (req, url, body) => {
        if (req.method === 'POST' && url.pathname === '/services/calculator2' && body.includes('getServiceCost2')) return { route: 'POST calculator2 getServiceCost2', reply: xml(cost) };
        return { route: `${req.method} ${url.pathname}`, reply: xml('<html>not found</html>', 404) };
      };
    }
    case 'nova-poshta': {
      const price = fixture('nova-poshta', 'getDocumentPrice.response.json');
      const empty = { errors: [], warnings: [], info: [], messageCodes: [], errorCodes: [], warningCodes: [], infoCodes: [] };
      const ok = (data: unknown[]) => json({ success: true, data, ...empty });
      // searchSettlements and getDocumentDeliveryDate have no captured sample; shaped as the API docs show them.
      const answers: Record<string, () => Reply> = {
        searchSettlements: () =>
          ok([{ TotalCount: 1, Addresses: [{ Present: 'м. Львів, Львівська обл.', Warehouses: 100, MainDescription: 'Львів', Area: 'Львівська', Region: '', SettlementTypeCode: 'м.', Ref: '00000000-0000-0000-0000-00000000000a', DeliveryCity: 'db5c88f5-391c-11dd-90d9-001a92567626' }] }]),
        getDocumentPrice: () => json(price),
        getDocumentDeliveryDate: () => ok([{ DeliveryDate: { date: `${kyivDatePlus(2)} 00:00:00.000000`, timezone_type: 3, timezone: 'Europe/Kiev' } }]),
      };
      return (req, url, body) => {
        if (req.method !== 'POST' || url.pathname !== '/v2.0/json/') return { route: `${req.method} ${url.pathname}`, reply: json({ success: false, data: [], ...empty, errors: ['not found'] }, 404) };
        const call = JSON.parse(body || '{}') as { apiKey?: string; modelName?: string; calledMethod?: string };
        const route = `POST ${call.modelName}.${call.calledMethod}`;
        if (!call.apiKey) return { route, reply: json({ success: false, data: [], ...empty, errors: ['API key is not specified'], errorCodes: ['20000200068'] }) };
        const answer = answers[call.calledMethod ?? ''];
        return { route, reply: answer ? answer() : json({ success: false, data: [], ...empty, errors: ['Method not found'], errorCodes: ['1'] }) };
      };
    }
  }
}

const BASE_PATH: Record<SimType, string> = { cdek: '', boxberry: '/json.php', 'russian-post': '', dpd: '', 'nova-poshta': '/v2.0/json/' };

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

export async function startCourier(spec: SimSpec): Promise<SimCourier> {
  const latencyMs = spec.latencyMs ?? 50;
  const failRate = spec.failRate ?? 0;
  let seed = spec.seed ?? 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const route = routes(spec.type);
  let times: number[] = [];
  let counts = { requests: 0, failed: 0, hung: 0 };
  let perRoute: Record<string, number> = {};
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const stampedAt = simStamps && monotonicMs();
    counts.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const { route: name, reply } = route(req, url, Buffer.concat(chunks).toString('utf8'));
      perRoute[name] = (perRoute[name] ?? 0) + 1;
      if (spec.hang) {
        counts.hung++;
        return;
      }
      const fail = failRate > 0 && random() < failRate;
      setTimeout(() => {
        if (res.destroyed) return;
        res.on('finish', () => times.push(performance.now() - started));
        const writing = simStamps && monotonicMs();
        if (fail) {
          counts.failed++;
          res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>503 Service Temporarily Unavailable</body></html>');
        } else {
          res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body);
        }
        if (simStamps) simStamps.push([port, stampedAt!, writing!, monotonicMs()]);
      }, latencyMs);
    });
  });
  // Longer than the client's keep-alive, so the client always closes first and no request races a close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as { port: number };
  return {
    name: spec.name,
    type: spec.type,
    port,
    baseUrl: `http://127.0.0.1:${port}${BASE_PATH[spec.type]}`,
    stats() {
      const sorted = [...times].sort((a, b) => a - b);
      return { name: spec.name, type: spec.type, ...counts, routes: { ...perRoute }, answered: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
    },
    reset() {
      times = [];
      counts = { requests: 0, failed: 0, hung: 0 };
      perRoute = {};
    },
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
}

/** Messages between the benchmark and a sim process started with `forkCouriers`. */
type ToSim = { cmd: 'stats' | 'reset' | 'close'; id: number };
type FromSim = { ready: { name: string; type: SimType; port: number; baseUrl: string }[] } | { id: number; stats?: SimStats[] };

export interface CourierFleet {
  couriers: { name: string; type: SimType; port: number; baseUrl: string }[];
  stats(): Promise<SimStats[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the couriers in their own Node process (as real couriers are elsewhere), so the load
 * generator's event loop does not add to the couriers' measured service times.
 */
export async function forkCouriers(specs: SimSpec[]): Promise<CourierFleet> {
  const { fork } = await import('node:child_process');
  const child = fork(new URL(import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, SIM_SPECS: JSON.stringify(specs) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, (m: FromSim) => void>();
  const ready = new Promise<CourierFleet['couriers']>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`courier sims exited with ${code}`)));
    child.on('message', (m: FromSim) => {
      if ('ready' in m) resolve(m.ready);
      else waiting.get(m.id)?.(m), waiting.delete(m.id);
    });
  });
  const ask = (cmd: ToSim['cmd']) =>
    new Promise<FromSim>((res) => {
      const id = next++;
      waiting.set(id, res);
      child.send({ cmd, id } satisfies ToSim);
    });
  return {
    couriers: await ready,
    stats: async () => ((await ask('stats')) as { stats: SimStats[] }).stats,
    reset: async () => void (await ask('reset')),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await ask('close').catch(() => undefined);
      await exited;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href && process.send) {
  // The benchmark gone (crashed, killed): no orphaned couriers.
  process.on('disconnect', () => process.exit(0));
  const specs = JSON.parse(process.env.SIM_SPECS ?? '[]') as SimSpec[];
  const sims = await Promise.all(specs.map((s) => startCourier(s)));
  process.on('message', async (m: ToSim) => {
    if (m.cmd === 'stats') process.send!({ id: m.id, stats: sims.map((s) => s.stats()) } satisfies FromSim);
    if (m.cmd === 'reset') {
      for (const s of sims) s.reset();
      process.send!({ id: m.id } satisfies FromSim);
    }
    if (m.cmd === 'close') {
      await Promise.all(sims.map((s) => s.close()));
      process.send!({ id: m.id } satisfies FromSim, () => process.exit(0));
    }
  });
  process.send({ ready: sims.map((s) => ({ name: s.name, type: s.type, port: s.port, baseUrl: s.baseUrl })) } satisfies FromSim);
}

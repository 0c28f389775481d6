import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { Agent, request } from 'undici';
import { benchRedis, fmt, percentile, startServer, type Row } from './lib.js';
import { forkCouriers, type CourierFleet, type SimSpec, type SimStats, type SimType } from './sim/couriers.js';
import { tracedLoad } from './trace/record.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Open-loop loads run longer: at 10 quotes/s, 5 s gave 50 quotes, whose p99 is almost their maximum. */
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 15);
const CONNECTIONS = 100;
/** Paired rounds of bare GET and cached quote. */
const CACHED_ROUNDS = 5;
const LATENCY_MS = 50;
/** Deadline sent with the quotes of the hanging-courier load (the default is 3 s). */
const DEADLINE_MS = 1000;
/**
 * Offered load (quotes/s over the 100 connections) of the open-loop runs: low enough that the hub
 * is not saturated, so latency shows the hub's own cost rather than its queue.
 */
const RATE = Number(process.env.BENCH_QUOTE_RATE ?? 10);
const TOKEN = 'bench-admin-token-0123456789';
/** BENCH_QUOTE_LOADS=cached,miss,hang,closed: which loads to run (all by default), for profiling one. */
const LOADS = new Set((process.env.BENCH_QUOTE_LOADS ?? 'cached,miss,hang,closed').split(',').map((s) => s.trim()));
const KYIV = '8d5a980d-391c-11dd-90d9-001a92567626';

/** Issue 4's setup: five couriers answering in 50 ms, one failing 20 % of requests, one hanging. */
const FLEET: SimSpec[] = [
  { name: 'cdek', type: 'cdek', latencyMs: LATENCY_MS },
  { name: 'boxberry', type: 'boxberry', latencyMs: LATENCY_MS },
  { name: 'russian-post', type: 'russian-post', latencyMs: LATENCY_MS },
  { name: 'dpd', type: 'dpd', latencyMs: LATENCY_MS },
  { name: 'nova-poshta', type: 'nova-poshta', latencyMs: LATENCY_MS },
  { name: 'cdek-flaky', type: 'cdek', latencyMs: LATENCY_MS, failRate: 0.2, seed: 7 },
  { name: 'dpd-hang', type: 'dpd', hang: true },
];
const HEALTHY = ['cdek', 'boxberry', 'russian-post', 'dpd', 'nova-poshta'];
const WITH_FLAKY = [...HEALTHY, 'cdek-flaky'];
const ALL = [...WITH_FLAKY, 'dpd-hang'];

/**
 * Nova Poshta quotes Ukraine only and Russian Post and Boxberry Russia only (each says "no
 * service" without a call otherwise), so the cache-defeated loads alternate a Russian and a
 * Ukrainian destination: every courier answers real rates over the wire in half the requests
 * (CDEK and DPD in all of them).
 */
const RU = { country: 'RU', city: 'Новосибирск', postcode: '630099', region: 'Новосибирская область' };
const UA = { country: 'UA', city: 'Львів', region: 'Львівська' };

function connectorConfig(type: SimType, name: string, baseUrl: string): Record<string, unknown> {
  switch (type) {
    case 'cdek':
      return { clientId: `bench-${name}`, clientSecret: 'bench-secret', baseUrl, senderCityCode: 44 };
    case 'boxberry':
      return { token: 'bench-token', baseUrl, senderPointCode: '010' };
    case 'russian-post':
      return { baseUrl };
    case 'dpd':
      return { clientNumber: '1001027554', clientKey: 'bench-key', baseUrl };
    case 'nova-poshta':
      return { apiKey: 'bench-key', baseUrl, senderCityRef: KYIV };
  }
}

/** A new parcel weight per request, so no two quotes share a cache entry (in this run). */
let weight = 1000;
const quote = (connectorIds: string[], over: Record<string, unknown> = {}) => {
  const w = weight++;
  return JSON.stringify({ destination: w % 2 ? UA : RU, parcels: [{ weight: w, length: 30, width: 20, height: 10 }], connectorIds, ...over });
};

interface Load {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon with a body per request; latencies taken from each response (floating-point ms),
 * not from autocannon's integer histogram, since the goals are a few milliseconds.
 */
async function hammer(url: string, opts: { method?: 'GET' | 'POST'; body?: () => string; connections?: number }): Promise<Load> {
  const times: number[] = [];
  let non2xx = 0;
  const next = opts.body;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        method: opts.method ?? 'GET',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        connections: opts.connections ?? CONNECTIONS,
        duration: SECONDS,
        ...(next ? { requests: [{ setupRequest: (req: CannonRequest) => ({ ...req, body: next() }) }] } : {}),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
    else non2xx++;
  });
  const r = await done;
  return { rps: r.requests.average, p50: percentile(times, 50), p99: percentile(times, 99), max: times.reduce((m, t) => (t > m ? t : m), 0), ok: times.length, non2xx, errors: r.errors };
}

/**
 * Open loop with even spacing: one quote every 1000/rate ms, whatever the answers do. autocannon's
 * `overallRate` sends each second's share in a burst, which measures a queue of ten, not a quote.
 */
async function paced(url: string, rate: number, body?: () => string): Promise<Load> {
  const agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  const n = Math.round(rate * PACED_SECONDS);
  const t0 = performance.now();
  const times: number[] = [];
  let non2xx = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const due = t0 + (i * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const started = performance.now();
      try {
        const res = body
          ? await request(url, { method: 'POST', dispatcher: agent, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body() })
          : await request(url, { dispatcher: agent });
        await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) times.push(performance.now() - started);
        else non2xx++;
      } catch {
        errors++;
      }
    }),
  );
  await agent.close();
  return { rps: n / ((performance.now() - t0) / 1000), p50: percentile(times, 50), p99: percentile(times, 99), max: times.reduce((m, t) => (t > m ? t : m), 0), ok: times.length, non2xx, errors };
}

/**
 * What any client pays over the couriers' own service time: a bare undici fan-out from this
 * process to the same simulated couriers (one GET each, answered after the same latency), paced
 * like the hub's load, timed until the last of them answers. The sims' own clock starts when a
 * request is parsed and stops at `res.end`, so it leaves out both processes' HTTP work and the
 * scheduling of seven processes that all wake within the same millisecond on two cores.
 */
async function bareFanOut(fleet: CourierFleet, ids: string[], rate: number): Promise<{ p50: number; p99: number }> {
  const agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });
  const urls = fleet.couriers.filter((c) => ids.includes(c.name)).map((c) => `${c.baseUrl}/bench/bare-fan-out`);
  const n = Math.round(rate * PACED_SECONDS);
  const t0 = performance.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i * 1000) / rate - performance.now())));
      const started = performance.now();
      await Promise.all(urls.map(async (u) => (await request(u, { dispatcher: agent })).body.text()));
      times.push(performance.now() - started);
    }),
  );
  await agent.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function post(url: string, body: unknown): Promise<{ status: number; json: any; bytes: number }> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text), bytes: Buffer.byteLength(text) };
}

/** svyazka_courier_quote_errors_total and _retries_total by "connector code", from /metrics. */
async function counters(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^svyazka_courier_quote_(errors|retries)_total\{connector="([^"]+)",(?:code|reason)="([^"]+)"\} (\d+)/gm)) out.set(`${m[1]} ${m[2]} ${m[3]}`, Number(m[4]));
  return out;
}
const delta = (after: Map<string, number>, before: Map<string, number>, prefix: string) =>
  [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([k, v]) => k.startsWith(prefix) && v > 0).map(([k, v]) => `${k.slice(prefix.length)} ${v}`);

async function startHub(redisUrl: string, fleet: CourierFleet, prefix: string) {
  const hub = await startServer('bench/servers/quote-hub.ts', { REDIS_URL: redisUrl, SVYAZKA_ADMIN_TOKEN: TOKEN, SVYAZKA_KEY_PREFIX: prefix, ...(process.env.BENCH_CPU_PROFILE ? { BENCH_CPU_PROFILE: process.env.BENCH_CPU_PROFILE } : {}), ...(process.env.BENCH_HTTP ? { BENCH_HTTP: process.env.BENCH_HTTP } : {}) });
  const base = `http://127.0.0.1:${hub.port}`;
  try {
    await configure(base, fleet);
  } catch (err) {
    await hub.stop();
    throw err;
  }
  return { ...hub, base };
}

/** The seven connectors over the admin API, then a warm-up that proves every courier quotes. */
async function configure(base: string, fleet: CourierFleet) {
  for (const c of fleet.couriers) {
    const res = await post(`${base}/v1/admin/connectors`, { id: c.name, type: c.type, enabled: true, config: connectorConfig(c.type, c.name, c.baseUrl) });
    if (res.status !== 201) throw new Error(`could not add connector ${c.name}: ${res.status} ${JSON.stringify(res.json)}`);
  }
  // One quote per destination: tokens and city references are fetched here, off the measured path,
  // and every courier must really answer rates over the wire (the benchmark is void otherwise).
  const seen = new Set<string>();
  for (const destination of [RU, UA]) {
    const res = await post(`${base}/v1/quotes`, { destination, parcels: [{ weight: 999, length: 30, width: 20, height: 10 }], connectorIds: HEALTHY });
    if (res.status !== 200) throw new Error(`warm-up quote failed: ${res.status} ${JSON.stringify(res.json)}`);
    for (const o of res.json.options as { connectorId: string }[]) seen.add(o.connectorId);
    const failed = (res.json.errors as { connectorId: string; code: string }[]).filter((e) => e.code !== 'no_service');
    if (failed.length) throw new Error(`warm-up quote had courier failures: ${JSON.stringify(failed)}`);
  }
  const silent = HEALTHY.filter((id) => !seen.has(id));
  if (silent.length) throw new Error(`couriers returned no rates in the warm-up: ${silent.join(', ')}`);
  // Then enough distinct quotes (10 at a time) that V8 has optimised the quote path before any measurement.
  let left = 300;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (left-- > 0) await post(`${base}/v1/quotes`, quote(HEALTHY));
  }));
}

/**
 * Waits until the couriers have seen no request for half a second: autocannon stops at its
 * deadline, but quotes it left in flight keep the hub calling couriers, and that tail must not
 * fall into the next load's window.
 */
async function settle(fleet: CourierFleet) {
  const total = async () => (await fleet.stats()).reduce((n, s) => n + s.requests, 0);
  for (let last = -1, now = await total(), i = 0; now !== last && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 500));
    [last, now] = [now, await total()];
  }
}

/** The healthy courier with the highest p99 service time in this load. */
function slowest(stats: SimStats[]): SimStats {
  return stats.filter((s) => HEALTHY.includes(s.name)).sort((a, b) => b.p99 - a.p99)[0]!;
}

/** Milliseconds; a courier that answered nothing in a load has no percentiles (null over IPC). */
const ms = (n: number | null) => (n === null || Number.isNaN(n) ? '–' : `${fmt(n, 1)} ms`);

/**
 * One cache-defeated load: the hub's quote latency against the slowest healthy courier's own
 * service time, both taken in this load.
 */
async function missLoad(
  base: string,
  fleet: CourierFleet,
  cpu: () => number,
  ids: string[],
  label: string,
  rate?: number,
  bare?: { p50: number; p99: number },
  hop?: { p50: number; p99: number },
  minimal?: { p50: number; p99: number },
): Promise<Row[]> {
  await settle(fleet);
  await fleet.reset();
  const c0 = cpu();
  const before = await counters(base);
  const r = await tracedLoad(label, () => (rate ? paced(`${base}/v1/quotes`, rate, () => quote(ids)) : hammer(`${base}/v1/quotes`, { method: 'POST', body: () => quote(ids) })));
  const hubCpuMs = (cpu() - c0) / r.ok;
  const stats = await fleet.stats();
  const after = await counters(base);
  if (process.env.BENCH_VERBOSE) console.error(label, JSON.stringify(stats, null, 1));
  if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx} non-2xx answers and ${r.errors} socket errors`);
  const s = slowest(stats);
  const calls = stats.filter((x) => ids.includes(x.name)).map((x) => `${x.name} ${fmt(x.requests)}${x.failed ? ` (${x.failed} failed)` : ''} (p50 ${ms(x.p50)}, p99 ${ms(x.p99)})`).join(', ');
  const retries = delta(after, before, 'retries ');
  const failures = delta(after, before, 'errors ');
  const section = `Quotes, cache defeated: ${label}`;
  return [
    { section, what: 'p50: hub − slowest healthy courier', median: ms(r.p50), baseline: `${ms(s.p50)} (${s.name})`, ratio: `+${ms(r.p50 - s.p50)} (goal ≤ 5)`, note: `${fmt(r.rps)} quotes/s, ${fmt(r.ok)} quotes; hub CPU ${fmt(hubCpuMs, 1)} ms/quote` },
    { section, what: 'p99: hub − slowest healthy courier', median: ms(r.p99), baseline: `${ms(s.p99)} (${s.name})`, ratio: `+${ms(r.p99 - s.p99)} (goal ≤ 25)`, note: `hub max ${ms(r.max)}` },
    { section, what: 'courier calls (own p50/p99 ms)', median: '', note: `${calls}; retries: ${retries.join(', ') || 'none'}; failures: ${failures.join(', ') || 'none'}` },
    ...(bare
      ? [{ section, what: 'reference: bare undici fan-out to the same couriers', median: `p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}`, baseline: `${ms(s.p50)} / ${ms(s.p99)} (courier own p50 / p99)`, ratio: `hub over it: p50 +${ms(r.p50 - bare.p50)}, p99 +${ms(r.p99 - bare.p99)}`, note: 'measured just before this load, same rate; what any client pays over the couriers\' own clock' }]
      : []),
    ...(hop
      ? [{ section, what: 'reference: one HTTP round trip at this pace (bare Hono GET /)', median: `p50 ${ms(hop.p50)}, p99 ${ms(hop.p99)}`, note: 'a quote makes two hops in a row (client → hub → courier), each paying this on top of any work' }]
      : []),
    ...(minimal
      ? [{ section, what: 'reference: a minimal quote service (bare Hono: JSON body, one Redis GET, the same fan-out)', median: `p50 ${ms(minimal.p50)}, p99 ${ms(minimal.p99)}`, baseline: `${ms(s.p50)} / ${ms(s.p99)} (courier own p50 / p99)`, ratio: `+${ms(minimal.p50 - s.p50)} / +${ms(minimal.p99 - s.p99)} over the courier; hub over it: p50 +${ms(r.p50 - minimal.p50)}`, note: 'measured just before this load, same rate: the floor of the goal\'s measure on this machine, before any of the hub\'s work' }]
      : []),
  ];
}

/**
 * Issue 4: quote latency over the couriers' own (cache defeated, 100 connections), the cost of a
 * hanging courier against the request deadline, and cached quotes against a bare Hono. The loads
 * that open circuit breakers (the hanging courier, the saturating closed loop) come last.
 */
export async function run(): Promise<Row[]> {
  const redis = await benchRedis();
  const fleet = await forkCouriers(FLEET);
  const rows: Row[] = [];
  const servers: { stop(): Promise<void> }[] = [];
  try {
    const bare = await startServer('bench/servers/bare-hono.ts', { REDIS_URL: redis.url });
    servers.push(bare);
    const bareNode = LOADS.has('cached') ? await startServer('bench/servers/bare-node.ts') : undefined;
    if (bareNode) servers.push(bareNode);
    const hub = await startHub(redis.url, fleet, 'quotes');
    servers.push(hub);
    const cpu = hubCpu(hub.child.pid!);

    // Cached: the same request over and over, answered from Redis for every courier.
    if (LOADS.has('cached')) {
      const same = JSON.stringify({ destination: RU, parcels: [{ weight: 777, length: 30, width: 20, height: 10 }], connectorIds: HEALTHY });
      const first = await post(`${hub.base}/v1/quotes`, same);
      if (first.status !== 200 || !first.json.options.length) throw new Error(`cached quote: ${first.status} ${JSON.stringify(first.json)}`);
      // The bare GET, the cached quote and the same POST on bare node:http alternate, five rounds
      // each, and each ratio is the median of the rounds' own: this VM's host load moves them all
      // by ±30 % within a minute.
      const rounds: { b: Load; c: Load; n: Load; cpu: number }[] = [];
      await fleet.reset();
      for (let round = 0; round < CACHED_ROUNDS; round++) {
        const b = await hammer(`http://127.0.0.1:${bare.port}/`, {});
        const c0 = cpu();
        const c = await hammer(`${hub.base}/v1/quotes`, { method: 'POST', body: () => same });
        if (c.non2xx || c.errors) throw new Error(`cached quotes: ${c.non2xx} non-2xx, ${c.errors} errors`);
        const cCpu = (cpu() - c0) / c.ok;
        const n = await hammer(`http://127.0.0.1:${bareNode!.port}/?bytes=${first.bytes}`, { method: 'POST', body: () => same });
        rounds.push({ b, c, n, cpu: cCpu });
      }
      const medianBy = (share: (r: (typeof rounds)[number]) => number) => [...rounds].sort((x, y) => share(x) - share(y))[Math.floor(rounds.length / 2)]!;
      const { b, c, cpu: cCpu } = medianBy((r) => r.c.rps / r.b.rps);
      const { b: nb, n: np } = medianBy((r) => r.n.rps / r.b.rps);
      const ratios = rounds.map((x) => `${fmt((x.c.rps / x.b.rps) * 100)} %`).join(', ');
      const bp = await hammer(`http://127.0.0.1:${bare.port}/answer?bytes=${first.bytes}`, { method: 'POST', body: () => same });
      const c0 = cpu();
      const hz = await hammer(`${hub.base}/healthz`, {});
      const hzCpu = (cpu() - c0) / hz.ok;
      const courierCalls = (await fleet.stats()).reduce((n, s) => n + s.requests, 0);
      const section = `Quotes, cached (${CONNECTIONS} connections)`;
      rows.push(
        { section, what: 'identical POST /v1/quotes: requests/s', median: fmt(c.rps), baseline: `${fmt(b.rps)} (bare Hono GET /)`, ratio: `${fmt((c.rps / b.rps) * 100)} % (goal ≥ 50 %)`, note: `median of ${CACHED_ROUNDS} paired rounds (${ratios}); p50 ${ms(c.p50)}, p99 ${ms(c.p99)}; answers of ${fmt(first.bytes)} bytes; hub CPU ${fmt(cCpu, 2)} ms/quote; courier calls during the load: ${courierCalls}` },
        { section, what: 'reference: bare Hono POST, JSON body in, the same answer size out', median: fmt(bp.rps), baseline: `${fmt(b.rps)} (bare Hono GET /)`, ratio: `${fmt((bp.rps / b.rps) * 100)} %`, note: `c.req.json() and a ${fmt(first.bytes)}-byte answer: what HTTP alone costs a quote on a bare Hono; p50 ${ms(bp.p50)}` },
        { section, what: 'reference: bare node:http POST, the body read, the same answer size out', median: fmt(np.rps), baseline: `${fmt(nb.rps)} (bare Hono GET /, same round)`, ratio: `${fmt((np.rps / nb.rps) * 100)} %`, note: `median of the same ${CACHED_ROUNDS} rounds (${rounds.map((x) => `${fmt((x.n.rps / x.b.rps) * 100)} %`).join(', ')}); no framework: the ceiling of any Node app on this machine; p50 ${ms(np.p50)}` },
        { section, what: 'reference: hub GET /healthz requests/s', median: fmt(hz.rps), baseline: `${fmt(b.rps)} (bare Hono GET /)`, ratio: `${fmt((hz.rps / b.rps) * 100)} %`, note: `hub CPU ${fmt(hzCpu, 2)} ms/request; bare p50 ${ms(b.p50)}` },
      );
    }

    // Open loop at a rate one hub process carries: the hub's own cost, without its queue.
    if (LOADS.has('miss')) {
      await settle(fleet);
      const direct = await bareFanOut(fleet, HEALTHY, RATE);
      const hop = await paced(`http://127.0.0.1:${bare.port}/`, RATE);
      const urls = fleet.couriers.filter((c) => HEALTHY.includes(c.name)).map((c) => `${c.baseUrl}/bench/bare-fan-out`);
      const minimalUrl = `http://127.0.0.1:${bare.port}/fan-out`;
      // Warmed up as the hub is (300 quotes), so that V8 has optimised its path before it is timed.
      let warm = 300;
      await Promise.all(Array.from({ length: 10 }, async () => {
        while (warm-- > 0) await fetch(minimalUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ urls }) }).then((r) => r.text());
      }));
      const minimal = await tracedLoad('minimal quote service', () => paced(minimalUrl, RATE, () => JSON.stringify({ urls })));
      rows.push(...(await missLoad(hub.base, fleet, cpu, HEALTHY, `${RATE} quotes/s, 5 couriers × 50 ms`, RATE, direct, hop, minimal)));
      rows.push(...(await missLoad(hub.base, fleet, cpu, WITH_FLAKY, `${RATE} quotes/s, 5 × 50 ms + 1 failing 20 %`, RATE)));
    }

    // The hanging courier: every quote asks all seven with a 1 s deadline.
    if (LOADS.has('hang')) {
      await settle(fleet);
      const before = await counters(hub.base);
      await fleet.reset();
      const h = await paced(`${hub.base}/v1/quotes`, RATE, () => quote(ALL, { timeoutMs: DEADLINE_MS }));
      const after = await counters(hub.base);
      const hang = (await fleet.stats()).find((s) => s.name === 'dpd-hang')!;
      if (h.non2xx || h.errors) throw new Error(`hanging courier load: ${h.non2xx} non-2xx, ${h.errors} errors`);
      rows.push({
        section: `Quotes with a hanging courier (all 7, timeoutMs ${DEADLINE_MS}, ${RATE} quotes/s)`,
        what: 'p99 vs the request deadline',
        median: ms(h.p99),
        baseline: `${fmt(DEADLINE_MS)} ms deadline`,
        ratio: `${h.p99 - DEADLINE_MS >= 0 ? '+' : ''}${ms(h.p99 - DEADLINE_MS)}`,
        note: `p50 ${ms(h.p50)}, max ${ms(h.max)}, ${fmt(h.ok)} quotes; dpd-hang got ${hang.requests} requests; failures: ${delta(after, before, 'errors ').join(', ')}`,
      });
    }

    // Closed loop, as the issue words it: 100 clients, each sending its next quote on an answer.
    if (LOADS.has('closed')) rows.push(...(await missLoad(hub.base, fleet, cpu, WITH_FLAKY, `${CONNECTIONS} clients closed-loop, 5 × 50 ms + 1 failing 20 %`)));
    rows.push({ section: 'Machine', what: 'load average before / after (1 min)', median: `${fmt(LOAD_BEFORE, 2)} / ${fmt(loadavg()[0]!, 2)}`, note: `${availableParallelism()} CPUs; other processes on the machine share them with the hub, the couriers, Redis and autocannon` });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await fleet.close();
    await redis.stop();
  }
  return rows;
}

const LOAD_BEFORE = loadavg()[0]!;

/** CPU time (user + system, ms) the hub process has used so far; Linux /proc, NaN elsewhere. */
function hubCpu(pid: number): () => number {
  return () => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      return NaN;
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.table(await run());
  process.exit(0);
}

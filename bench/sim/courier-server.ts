import { createServer } from 'node:http';

/**
 * A courier on 127.0.0.1 for the booking benchmark: `latencyMs` per call, and `failRate` of the
 * creates fail transiently — half before creating (503), half after (504: created, answer lost).
 * It counts creates per client number, so duplicates cannot hide.
 */
export function startCourierSim(opts: { latencyMs: number; failRate: number; seed?: number }) {
  const orders = new Map<string, { id: string; creates: number }>();
  let seed = opts.seed ?? 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const stats = { creates: 0, duplicates: 0, failedBefore: 0, failedAfter: 0, lookups: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () =>
      setTimeout(() => {
        const url = new URL(req.url!, 'http://x');
        if (req.method === 'GET' && url.pathname === '/orders') {
          stats.lookups++;
          const o = orders.get(url.searchParams.get('number') ?? '');
          res.writeHead(o ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(o ? { id: o.id } : { error: 'not found' }));
          return;
        }
        const { number } = JSON.parse(body) as { number: string };
        const roll = random();
        if (roll < opts.failRate / 2) {
          stats.failedBefore++;
          res.writeHead(503).end('busy');
          return;
        }
        let o = orders.get(number);
        if (o) {
          o.creates++;
          stats.duplicates++;
        } else {
          orders.set(number, (o = { id: `SIM-${orders.size + 1}`, creates: 1 }));
          stats.creates++;
        }
        if (roll < opts.failRate) {
          stats.failedAfter++;
          res.writeHead(504).end('gateway timeout');
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: o.id }));
      }, opts.latencyMs),
    );
  });
  return new Promise<{ port: number; stats: typeof stats; orders: typeof orders; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ port, stats, orders, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const template = JSON.parse(readFileSync(new URL('../../fixtures/orders/ozon/posting-fbs-list.v4.response.json', import.meta.url), 'utf8')).postings[0];

/**
 * Ozon Seller API on 127.0.0.1 for the intake benchmark: `POST /v4/posting/fbs/list` pages through
 * `count` postings shaped like the documented v4 answer (keyset cursor, at most 100 per page).
 * Posting numbers carry `tag`, so every round makes new orders.
 */
export function startOzonSim(opts: { count: number; skus: string[] }) {
  let tag = 'r0';
  const stats = { requests: 0 };
  const posting = (i: number) => ({
    ...template,
    posting_number: `${tag}-${String(i).padStart(8, '0')}-1`,
    order_id: 1_000_000 + i,
    order_number: `${tag}-${i}`,
    products: [{ ...template.products[0], offer_id: opts.skus[i % opts.skus.length], sku: 500_000 + (i % opts.skus.length), quantity: 1 + (i % 3) }],
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      stats.requests++;
      if (req.method !== 'POST' || req.url !== '/v4/posting/fbs/list') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 5, message: 'not found' }));
        return;
      }
      const { cursor, limit } = JSON.parse(body) as { cursor?: string; limit?: number };
      const from = cursor ? Number(Buffer.from(cursor, 'base64').toString()) : 0;
      const to = Math.min(opts.count, from + Math.min(limit ?? 100, 100));
      const postings = [];
      for (let i = from; i < to; i++) postings.push(posting(i));
      const hasNext = to < opts.count;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ postings, has_next: hasNext, cursor: hasNext ? Buffer.from(String(to)).toString('base64') : '' }));
    });
  });
  return new Promise<{ url: string; stats: typeof stats; setTag(t: string): void; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        stats,
        setTag: (t) => (tag = t),
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}

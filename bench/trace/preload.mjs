// Loaded with `--import` into the bench's servers when BENCH_TRACE=<dir> is set (bench/lib.ts):
// stamps each quote request (POST /v1/quotes, or /fan-out of the minimal service) and each
// courier call it makes, from Node's and undici's diagnostics channels, on the monotonic clock the
// simulated couriers stamp with too. Plain JavaScript: it loads before tsx does.
//
// A call is credited to the latest quote still open when it is created. That is right while
// quotes do not overlap, as in the paced loads (a retry late in one quote may land on the next),
// and cheap: an AsyncLocalStorage would tie each call to its own quote under any load, but it
// turns on promise hooks in the very process being measured.
import dc from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_TRACE;
/** Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
const quotes = [];
/** Quotes not yet answered, oldest first. */
const open = [];
const calls = new WeakMap();

dc.subscribe('http.server.request.start', ({ request, response }) => {
  const path = request.url.split('?')[0];
  if (path !== '/v1/quotes' && path !== '/fan-out') return;
  const q = { path, start: now(), calls: [] };
  quotes.push(q);
  open.push(q);
  response.once('close', () => open.splice(open.indexOf(q), 1));
  response.once('finish', () => (q.end = now()));
});
dc.subscribe('undici:request:create', ({ request }) => {
  const q = open.at(-1);
  if (!q) return;
  const call = { origin: request.origin, path: request.path.split('?')[0], created: now() };
  q.calls.push(call);
  calls.set(request, call);
});
const stamp = (field) => ({ request }) => {
  const call = calls.get(request);
  if (call) call[field] = now();
};
dc.subscribe('undici:client:sendHeaders', stamp('sent'));
dc.subscribe('undici:request:headers', stamp('headers'));
dc.subscribe('undici:request:trailers', stamp('done'));

function save() {
  if (quotes.length) writeFileSync(join(dir, `server-${process.pid}.json`), JSON.stringify(quotes));
  quotes.length = 0;
}
process.on('exit', save);
// The bench stops its servers with SIGTERM; a server with no handler of its own must still exit.
process.on('SIGTERM', () => {
  save();
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
});

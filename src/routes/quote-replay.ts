import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey } from '../core/auth/middleware.js';
import { readBodyOnce } from '../core/http/node-request.js';
import { recordRequest, requestIdOf } from '../core/http/request-log.js';
import type { Hub } from '../core/hub.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const ROUTE = '/v1/quotes';

/**
 * Answers a quote request byte-identical to one answered moments ago (QuoteService.recall) at the
 * Node layer, before Hono. The replay itself is cheap; what a replayed quote cost was everything
 * around it: the Hono request and context, the middleware chain, the route's middleware. Under the
 * cached load of `bench/quotes.ts`, the hub's app answering a constant from its first middleware
 * reached about half of the bare GET's requests/s, and from behind the hub's middleware about a
 * third (bench/quotes.md, "Eighth pass").
 *
 * Only a hit with a valid key carrying the `quotes` scope is answered here, with the same bytes,
 * status and headers the route would give, and the same log line and metrics. Anything else (a
 * miss, no key, a wrong key, a chunked or large body, Redis down) goes on to `next`, the Hono app,
 * which finds the body already read (node-request.ts `readBodyOnce`) and answers as it always does.
 */
export function quoteReplayFront(hub: Hub, next: Listener): Listener {
  return (req, res) => {
    const length = replayableLength(hub, req);
    if (length === undefined) return next(req, res);
    replay(hub, req, res, length).then(
      (answered) => answered || next(req, res),
      () => next(req, res),
    );
  };
}

/** The body length of a request that may be a replay: a keyed quote whose body length is given and small enough. */
function replayableLength(hub: Hub, req: IncomingMessage): number | undefined {
  if (req.method !== 'POST' || req.url !== ROUTE || req.headers['transfer-encoding'] !== undefined || req.headers.authorization === undefined) return undefined;
  const length = Number(req.headers['content-length']);
  return Number.isSafeInteger(length) && length > 0 && hub.quotes.mayRecall(length) ? length : undefined;
}

async function replay(hub: Hub, req: IncomingMessage, res: ServerResponse, length: number): Promise<boolean> {
  const started = performance.now();
  const text = await readBodyOnce(req, length);
  const key = bearerKey(req.headers.authorization);
  const record = key ? await hub.apiKeys.authenticate(key, req.socket) : undefined;
  if (!record?.scopes.includes('quotes')) return false;
  const answer = hub.quotes.recall(text);
  if (!answer) return false;
  const given = req.headers['x-request-id'];
  const id = requestIdOf(Array.isArray(given) ? given.join(', ') : given);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.byteLength, 'x-request-id': id });
  res.end(answer);
  recordRequest(hub, { id, method: 'POST', path: ROUTE, route: ROUTE, status: 200, ms: performance.now() - started });
  return true;
}

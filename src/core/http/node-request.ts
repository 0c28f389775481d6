import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Shortcuts past the fetch API objects that @hono/node-server builds on demand: its Request is
 * light until a header or the body is touched, and then it builds undici Headers, a Request and a
 * web stream, which cost more than a whole bare-Hono answer. Under `app.request()` (tests) and
 * other runtimes every helper falls back to Hono's own API, with the same result.
 */
type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse };

const node = (c: Context): NodeBindings | undefined => c.env as NodeBindings | undefined;

/** A request header (name in lower case), read from Node's parsed headers when there are some. */
export function header(c: Context, name: string): string | undefined {
  const incoming = node(c)?.incoming;
  if (!incoming) return c.req.header(name);
  const v = incoming.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The connection (socket) a request came on, to remember things per keep-alive connection; none under `app.request()`. */
export function connectionOf(c: Context): object | undefined {
  return node(c)?.incoming?.socket;
}

/**
 * A response header, set on Node's response before the answer is written (Node merges it into
 * whatever headers the answer carries), so Hono need not build Headers for it.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = node(c)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

/**
 * The request body as text, left in Hono's body cache so that validators and handlers read it
 * from there. A body with a Content-Length is read straight from Node's IncomingMessage; chunked
 * bodies, which the body-limit middleware wraps, go through `c.req.text()`.
 *
 * Only for JSON routes: a route that needs the body as a stream or as exact bytes must not use it.
 */
export async function bodyText(c: Context): Promise<string> {
  const incoming = node(c)?.incoming;
  // Hono keeps promises in its body cache, though its type says values.
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
  if (incoming && !cache.text) {
    const read = bodies.get(incoming);
    if (read) return (cache.text = read);
    const length = Number(header(c, 'content-length'));
    if (Number.isSafeInteger(length) && !header(c, 'transfer-encoding') && incoming.readableFlowing === null) return (cache.text = readBodyOnce(incoming, length));
  }
  return c.req.text();
}

const bodies = new WeakMap<IncomingMessage, Promise<string>>();

/**
 * The body of a request with a Content-Length, read from Node's IncomingMessage once: a handler in
 * front of Hono (routes/quote-replay.ts) reads it, and `bodyText` then gets the same text.
 */
export function readBodyOnce(incoming: IncomingMessage, length: number): Promise<string> {
  let text = bodies.get(incoming);
  if (!text) bodies.set(incoming, (text = readAll(incoming, length).then(decode)));
  return text;
}

function readAll(incoming: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error(`the client went away after ${size} of ${length} body bytes`));
    });
  });
}

/** UTF-8 as fetch's `text()` decodes it: a leading byte-order mark is dropped. */
function decode(b: Buffer): string {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.toString('utf8', 3) : b.toString('utf8');
}

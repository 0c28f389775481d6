import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../../../core/errors.js';
import type { InboundRequest } from '../../../core/connectors/contract.js';
import { getPath, header, type LeadPayload } from './api.js';
import type { CpaPostbackConfig } from './config.js';

/** Checks the token or HMAC signature; throws ProblemError 401 `invalid_signature`, never naming the secret. */
export function checkAuth(auth: CpaPostbackConfig['auth'], req: InboundRequest, payload: () => LeadPayload): void {
  if (auth.mode === 'none') return;
  if (auth.mode === 'token') {
    const got = findToken(auth, req, payload);
    if (got === undefined || !sameText(got, auth.token)) refuse(`the ${auth.tokenParam} token is missing or wrong`);
    return;
  }
  const sent = header(req, auth.header)?.trim();
  if (!sent) refuse(`the ${auth.header} signature header is missing`);
  const value = auth.prefix && sent.startsWith(auth.prefix) ? sent.slice(auth.prefix.length) : sent;
  const expected = createHmac(auth.algorithm, auth.secret).update(Buffer.from(req.body, 'utf8')).digest();
  const given = decode(value, auth.encoding);
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) refuse(`the ${auth.header} signature does not match the body`);
}

/** The signature a sender computes for `body` (tests, docs, a site's own sender). */
export function signBody(body: string, secret: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest(encoding);
}

function findToken(auth: Extract<CpaPostbackConfig['auth'], { mode: 'token' }>, req: InboundRequest, payload: () => LeadPayload): string | undefined {
  const where = auth.tokenIn === 'any' ? (['query', 'header', 'body'] as const) : [auth.tokenIn];
  for (const w of where) {
    let v: unknown;
    if (w === 'query') v = req.query[auth.tokenParam];
    else if (w === 'header') v = header(req, auth.tokenParam)?.replace(/^Bearer\s+/i, '');
    else v = getPath(payload(), auth.tokenParam);
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

function decode(s: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') return /^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : undefined;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : undefined;
}

function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function refuse(why: string): never {
  throw new ProblemError(401, 'invalid_signature', 'Invalid signature', `CPA lead refused: ${why}`);
}

import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { CommercemlConfig } from './config.js';
import { bad } from './decode.js';
import type { ImportSummary } from './import.js';
import type { CmlImporter } from './importer.js';
import { saleFile, saleQuery, type SaleHook } from './sale-exchange.js';
import type { ExchangeSession, ExchangeStore } from './store.js';
import { isIgnored, isZip, safeName, unpackZip } from './zip.js';

export type { SaleHook } from './sale-exchange.js';

export interface ExchangeContext {
  connectorId: string;
  config: CommercemlConfig;
  /** Runs the imports (in the hub, on a thread of their own) and keeps the catalog memory. */
  importer: CmlImporter;
  store: ExchangeStore;
  clock: Clock;
  /** The connector's logger (the hub's carries `connectorId` already). */
  logger: Logger;
  sale?: SaleHook;
  /** How long `mode=import` waits for the job before answering `progress`; default 2000 ms. */
  importWaitMs?: number;
}

export interface ExchangeRequest {
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ExchangeResponse {
  status: number;
  body: string | Uint8Array;
  headers: Record<string, string>;
}

export const COOKIE_NAME = 'svyazka_1c';
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const jobs = new Map<string, Promise<unknown>>();

/** The "Обмен с сайтом" protocol for one connector, framework-agnostic: mount it at `/1c/:connectorId/exchange`. */
export async function handleExchange(req: ExchangeRequest, ctx: ExchangeContext): Promise<ExchangeResponse> {
  const { type = '', mode = '' } = req.query;
  try {
    if (type !== 'catalog' && type !== 'sale') throw bad(`unknown exchange type "${type.slice(0, 40)}" (expected catalog or sale)`);
    if (mode === 'checkauth') return await checkauth(req, ctx);
    const session = await findSession(req, ctx);
    if (!session) return answer('failure', 'no valid session: the session expired or 1C did not send the cookie; 1C starts again with mode=checkauth');
    switch (mode) {
      case 'init':
        await ctx.store.resetFiles(ctx.connectorId, session.id);
        return answer(`zip=${ctx.config.zip ? 'yes' : 'no'}`, `file_limit=${ctx.config.fileLimitBytes}`);
      case 'file':
        return type === 'sale' ? await saleFile(req, ctx) : await uploadFile(req, ctx, session);
      case 'import':
        return await startImport(req, ctx, session);
      case 'query':
        return await saleQuery(ctx, session);
      case 'success':
        if (ctx.sale && session.queriedOrderIds?.length) await ctx.sale.markExported(session.queriedOrderIds);
        await ctx.store.saveSession({ ...session, queriedOrderIds: [] });
        return answer('success');
      case 'deactivate':
        return answer('success');
      case 'complete':
        await ctx.store.resetFiles(ctx.connectorId, session.id);
        return answer('success');
      default:
        throw bad(`unknown mode "${mode.slice(0, 40)}"`);
    }
  } catch (e) {
    const reason = e instanceof Error && e.name === 'ConnectorError' ? e.message : 'internal error in the hub, see its log';
    if (reason.startsWith('internal')) ctx.logger.error({ err: e, mode }, '1C exchange failed');
    else ctx.logger.warn({ type, mode, reason }, '1C exchange refused');
    return answer('failure', reason);
  }
}

export function answer(first: 'success' | 'progress' | 'failure' | string, ...rest: string[]): ExchangeResponse {
  const lines = [first, ...rest.map((r) => r.replace(/[\r\n]+/g, ' '))];
  return { status: 200, body: lines.join('\n'), headers: { ...TEXT } };
}

async function checkauth(req: ExchangeRequest, ctx: ExchangeContext): Promise<ExchangeResponse> {
  const m = /^Basic\s+(\S+)/i.exec(header(req, 'authorization') ?? '');
  const [login, ...pw] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
  if (!m || !same(login ?? '', ctx.config.login) || !same(pw.join(':'), ctx.config.password)) {
    return answer('failure', 'wrong login or password (check the exchange node settings in 1C)');
  }
  const s = await ctx.store.createSession(ctx.connectorId, ctx.config.sessionTtlSeconds * 1000, ctx.clock.now().getTime());
  const res = answer('success', COOKIE_NAME, s.id, `sessid=${s.id}`);
  res.headers['set-cookie'] = `${COOKIE_NAME}=${s.id}; Path=/; HttpOnly; Max-Age=${ctx.config.sessionTtlSeconds}`;
  return res;
}

async function findSession(req: ExchangeRequest, ctx: ExchangeContext): Promise<ExchangeSession | undefined> {
  const cookies = (header(req, 'cookie') ?? '').split(';').map((c) => c.trim());
  const fromCookie = cookies.find((c) => c.startsWith(`${COOKIE_NAME}=`))?.slice(COOKIE_NAME.length + 1);
  const now = ctx.clock.now().getTime();
  for (const id of [fromCookie, req.query['sessid']]) {
    const s = id ? await ctx.store.getSession(ctx.connectorId, id, now) : undefined;
    if (s) return s;
  }
  return undefined;
}

async function uploadFile(req: ExchangeRequest, ctx: ExchangeContext, s: ExchangeSession): Promise<ExchangeResponse> {
  const raw = req.query['filename'];
  if (!raw) throw bad('mode=file needs a filename');
  if (isIgnored(raw)) return answer('success');
  const name = safeName(raw);
  const state = await ctx.store.getImport(ctx.connectorId, s.id, name);
  if (state && state.state !== 'running') await ctx.store.removeFile(ctx.connectorId, s.id, name);
  if (state?.state === 'running') throw bad(`file ${name} is being imported, wait for mode=import to answer success`);
  try {
    await ctx.store.appendFile(ctx.connectorId, s.id, name, req.body, ctx.config.fileLimitBytes);
  } catch (e) {
    throw bad(`file ${name} is over the limit of ${ctx.config.fileLimitBytes} bytes set in fileLimitBytes; nothing was imported`);
  }
  return answer('success');
}

async function startImport(req: ExchangeRequest, ctx: ExchangeContext, s: ExchangeSession): Promise<ExchangeResponse> {
  const raw = req.query['filename'];
  if (!raw) throw bad('mode=import needs a filename');
  const name = safeName(raw);
  const key = `${ctx.connectorId}\n${s.id}\n${name}`;
  let state = await ctx.store.getImport(ctx.connectorId, s.id, name);
  if (!state || (state.state === 'running' && !jobs.has(key))) {
    if ((await ctx.store.fileSize(ctx.connectorId, s.id, name)) === undefined) await unpackArchives(ctx, s);
    if ((await ctx.store.fileSize(ctx.connectorId, s.id, name)) === undefined) throw bad(`file ${name} was not uploaded in this session`);
    await ctx.store.setImport(ctx.connectorId, s.id, name, { state: 'running', startedAt: ctx.clock.now().getTime() });
    jobs.set(key, runImport(ctx, s, name).finally(() => jobs.delete(key)));
  }
  const job = jobs.get(key);
  if (job) await Promise.race([job, new Promise((r) => setTimeout(r, ctx.importWaitMs ?? 2000).unref())]);
  state = await ctx.store.getImport(ctx.connectorId, s.id, name);
  if (state?.state === 'done') return answer('success', state.summary);
  if (state?.state === 'failed') return answer('failure', state.reason);
  return answer('progress', `importing ${name}`);
}

async function runImport(ctx: ExchangeContext, s: ExchangeSession, name: string): Promise<void> {
  const started = Date.now();
  try {
    const r = await ctx.importer.importFile({ connectorId: ctx.connectorId, config: ctx.config, path: ctx.store.filePath(ctx.connectorId, s.id, name) });
    ctx.logger.info({ file: name, ms: Date.now() - started, ...r }, '1C import done');
    await ctx.store.setImport(ctx.connectorId, s.id, name, { state: 'done', summary: summary(name, r) });
  } catch (e) {
    const reason = e instanceof Error && e.name === 'ConnectorError' ? e.message : 'internal error in the hub, see its log';
    ctx.logger.warn({ file: name, reason, err: e }, '1C import failed');
    await ctx.store.setImport(ctx.connectorId, s.id, name, { state: 'failed', reason: `${name}: ${reason}` });
  }
}

function summary(name: string, r: ImportSummary): string {
  return `${name}: CommerceML ${r.schema} (${r.encoding}), ${r.products} products, ${r.offers} offers, stock ${r.stock} (${r.levels} levels), ${r.priced} prices`;
}

async function unpackArchives(ctx: ExchangeContext, s: ExchangeSession): Promise<void> {
  for (const f of await ctx.store.listFiles(ctx.connectorId, s.id)) {
    if (!f.toLowerCase().endsWith('.zip')) continue;
    const data = await readAll(ctx.store.readFile(ctx.connectorId, s.id, f));
    if (!isZip(data)) throw bad(`file ${f} is not a zip archive`);
    for (const e of unpackZip(data, ctx.config.fileLimitBytes)) await ctx.store.writeFile(ctx.connectorId, s.id, e.name, e.data);
    await ctx.store.removeFile(ctx.connectorId, s.id, f);
  }
}

async function readAll(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

function header(req: ExchangeRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

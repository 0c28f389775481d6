import type { ConnectorInstance } from '../connectors/service.js';
import type { InboundRequest, PushReply } from '../connectors/contract.js';
import { isConnectorError, NotFoundError, ProblemError } from '../errors.js';
import type { Hub } from '../hub.js';
import { DeadLetterStore, type DeadLetter } from './dead-letters.js';
import { IntakeService, type IntakeSummary } from './intake.js';
import { requestPull } from './pull-job.js';

/** Refusals that say "who are you", not "what is this": such requests are stored nowhere. */
const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403]);
const PUSH_TIMEOUT_MS = 8_000;

async function ordersSource(hub: Hub, connectorId: string): Promise<ConnectorInstance<'orders'>> {
  const inst = await hub.connectors.instance(connectorId, 'orders').catch(() => undefined);
  if (!inst?.enabled) throw new NotFoundError('enabled orders connector', connectorId);
  return inst;
}

/**
 * A payload pushed to `POST /v1/inbound/:connectorId`: mapped by the adapter (or read as canonical
 * orders when it has no mapping of its own) and taken in. A payload that cannot be mapped is kept
 * as a dead letter and refused with the adapter's 4xx, naming the dead letter.
 */
export async function receivePush(hub: Hub, connectorId: string, req: InboundRequest, verified: boolean): Promise<IntakeSummary> {
  const inst = await ordersSource(hub, connectorId);
  const { adapter } = inst;
  if (!verified && adapter.authorize) {
    if (!adapter.authorize(req)) throw new ProblemError(401, 'invalid_signature', 'Unauthenticated', `the request carries neither an API key with the orders scope nor the token of connector '${connectorId}'`);
    verified = true;
  }
  if (!verified && !adapter.parsePush) throw new ProblemError(401, 'unauthenticated', 'Unauthenticated', 'send an API key with the orders scope as `Authorization: Bearer <key>`');
  const deadLetters = new DeadLetterStore(hub.redis, hub.keys);
  const summary = await mapAndIngest(hub, inst, req, verified).catch(async (err) => {
    if (!(err instanceof ProblemError) || err.status < 400 || err.status >= 500 || AUTH_STATUSES.has(err.status)) throw err;
    const dl = await deadLetters.add({ connectorId, origin: 'push', reason: err.message, request: req }, hub.clock.now());
    hub.logger.warn({ connectorId, deadLetterId: dl.id, code: err.code }, 'pushed payload kept as a dead letter');
    throw new ProblemError(err.status, err.code, err.title, `${err.message} (kept as dead letter ${dl.id})`, { ...err.extras, deadLetterId: dl.id });
  });
  return summary;
}

async function mapAndIngest(hub: Hub, inst: ConnectorInstance<'orders'>, req: InboundRequest, verified: boolean): Promise<IntakeSummary> {
  const inputs = inst.adapter.parsePush ? await inst.adapter.parsePush(req, { verified }) : canonicalOrders(req.body, inst.id);
  const summary = await new IntakeService(hub).ingest(inst.id, inputs, { adapter: inst.adapter });
  if (summary.rejected.length) {
    const reasons = summary.rejected.map((r) => `${r.externalId ?? '(no id)'}: ${r.reason}`).join('; ');
    // Partly good: the good orders stay taken in, the rest is refused as a whole so the sender notices.
    throw new ProblemError(422, 'unmappable_payload', 'Payload cannot be mapped', `${summary.rejected.length} of ${inputs.length} orders cannot be taken in: ${reasons}`.slice(0, 2000), {
      accepted: summary.results.map((r) => r.order.id),
    });
  }
  return summary;
}

/** A body of canonical orders (one object or an array); `source`, when given, must be this connector. */
function canonicalOrders(body: string, connectorId: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ProblemError(400, 'malformed_json', 'Malformed JSON', 'the request body is not valid JSON', { errors: [{ path: '(body)', message: 'not valid JSON' }] });
  }
  const list = Array.isArray(json) ? json : [json];
  for (const o of list) {
    const source = (o as { source?: unknown } | null)?.source;
    if (source !== undefined && source !== connectorId) {
      throw new ProblemError(422, 'source_mismatch', 'Source mismatch', `an order names source '${String(source)}' but was posted to connector '${connectorId}'`);
    }
  }
  return list.map((o) => (o && typeof o === 'object' ? { ...o, source: connectorId } : o));
}

/**
 * A platform's own push endpoint (`/yandex-market/:id/notification`, `/ozon/:id/push`): the adapter
 * says how to answer and what to do. Orders are taken in before the answer, so a failure is
 * answered as one and the platform retries; a pull asked for runs in the background.
 */
export async function receivePlatformPush(hub: Hub, type: string, connectorId: string, action: string, req: InboundRequest): Promise<PushReply> {
  const inst = await ordersSource(hub, connectorId);
  if (inst.type !== type || !inst.adapter.handlePush) throw new NotFoundError(`enabled ${type} connector`, connectorId);
  const outcome = await inst.adapter.handlePush(action, req, AbortSignal.timeout(PUSH_TIMEOUT_MS));
  if (outcome.unmappable) {
    const dl = await new DeadLetterStore(hub.redis, hub.keys).add({ connectorId, origin: 'push', action, reason: outcome.unmappable, request: req }, hub.clock.now());
    hub.logger.warn({ connectorId, deadLetterId: dl.id }, 'pushed payload kept as a dead letter');
    return outcome.reply;
  }
  if (outcome.orders?.length) {
    try {
      const summary = await new IntakeService(hub).ingest(connectorId, outcome.orders, { adapter: inst.adapter, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
      if (summary.rejected.length) await keepRejected(hub, connectorId, summary.rejected);
    } catch (err) {
      hub.logger.error({ connectorId, err: err instanceof Error ? err.message : String(err) }, 'pushed orders not taken in; the platform will retry');
      return outcome.failureReply ?? { status: 500, body: { error: 'the hub failed to take the orders in' } };
    }
  }
  if (outcome.pullNow) {
    await requestPull(hub, connectorId).catch((err) => hub.logger.warn({ connectorId, err: String(err) }, 'pull not queued; the scheduled pull will catch up'));
  }
  return outcome.reply;
}

async function keepRejected(hub: Hub, connectorId: string, rejected: { externalId: string | undefined; reason: string; payload: unknown }[]) {
  const store = new DeadLetterStore(hub.redis, hub.keys);
  for (const r of rejected) await store.add({ connectorId, origin: 'intake', reason: r.reason, payload: r.payload, ...(r.externalId ? { externalId: r.externalId } : {}) }, hub.clock.now());
}

export interface ReplayResult {
  deadLetterId: string;
  orders: string[];
  created: number;
}

/**
 * Runs a dead letter through its adapter again (after an admin fixed the config). Success removes
 * it; a failure keeps it with the new reason and answers 422.
 */
export async function replayDeadLetter(hub: Hub, id: string): Promise<ReplayResult> {
  const store = new DeadLetterStore(hub.redis, hub.keys);
  const dl = await store.get(id);
  if (!dl) throw new NotFoundError('dead letter', id);
  const inst = await ordersSource(hub, dl.connectorId);
  try {
    const inputs = await replayInputs(hub, inst, dl);
    const summary = await new IntakeService(hub).ingest(inst.id, inputs, { adapter: inst.adapter });
    if (summary.rejected.length) throw new ProblemError(422, 'unmappable_payload', 'Payload cannot be mapped', summary.rejected.map((r) => r.reason).join('; ').slice(0, 2000));
    await store.remove(id);
    hub.logger.info({ deadLetterId: id, connectorId: dl.connectorId, orders: summary.results.length }, 'dead letter replayed');
    return { deadLetterId: id, orders: summary.results.map((r) => r.order.id), created: summary.created };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await store.update({ ...dl, attempts: dl.attempts + 1, reason: message });
    if (err instanceof ProblemError && err.status < 500 && err.code !== 'not_replayable') throw new ProblemError(422, 'replay_failed', 'Replay failed', `dead letter ${id} still cannot be taken in: ${message}`);
    if (isConnectorError(err)) throw new ProblemError(502, 'source_unavailable', 'Source unavailable', `replaying dead letter ${id} needed the source, which failed: ${message}`);
    throw err;
  }
}

async function replayInputs(hub: Hub, inst: ConnectorInstance<'orders'>, dl: DeadLetter): Promise<unknown[]> {
  const { adapter } = inst;
  const signal = AbortSignal.timeout(30_000);
  if (dl.origin === 'push' && dl.request) {
    if (dl.action && adapter.handlePush) {
      const outcome = await adapter.handlePush(dl.action, dl.request, signal, { verified: true });
      if (outcome.unmappable) throw new ProblemError(422, 'unmappable_payload', 'Payload cannot be mapped', outcome.unmappable);
      if (outcome.pullNow) await requestPull(hub, inst.id);
      return outcome.orders ?? [];
    }
    return adapter.parsePush ? adapter.parsePush(dl.request, { verified: true }) : canonicalOrders(dl.request.body, inst.id);
  }
  if (dl.origin === 'pull') {
    if (!adapter.remap) throw new ProblemError(409, 'not_replayable', 'Not replayable', `connector '${inst.id}' (${inst.type}) cannot map a single record again; run POST /v1/admin/connectors/${inst.id}/sync`);
    return adapter.remap(dl.payload, signal);
  }
  return [dl.payload];
}

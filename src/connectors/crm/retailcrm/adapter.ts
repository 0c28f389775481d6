import type { ConnectorDeps, ConnectorTestResult, CrmAdapter, InboundRequest } from '../../../core/connectors/contract.js';
import { ConnectorError, isConnectorError } from '../../../core/errors.js';
import type { Order } from '../../../core/model/index.js';
import { CallbackError, CredentialsResponse, OrderGetResponse, type CrmOrder } from './api.js';
import { createRetailCrmClient, errorText } from './client.js';
import type { RetailCrmConfig } from './config.js';
import { checkClientId, type CallbackReply, type DeliveryAction } from './callbacks.js';
import { handleDeliveryCallback, type DeliveryHub } from './handlers.js';
import { toModuleForm } from './module.js';
import { toCreateForm, toStatusEditForm } from './orders.js';

export interface PushOrderResult {
  /** False when retailCRM already had the order (a retry after a lost answer). */
  created: boolean;
  /** retailCRM's own order id, when known. */
  crmId?: number;
}

export interface StatusUpdateResult {
  updated: boolean;
  /** The retailCRM status code sent. */
  crmStatus?: string;
  /** Why nothing was sent (unmapped hub status). */
  skipped?: string;
}

/** The retailCRM connector: pushes hub orders into retailCRM and serves its delivery module. */
export interface RetailCrmAdapter extends CrmAdapter {
  test(signal: AbortSignal): Promise<ConnectorTestResult>;
  /**
   * Creates the order in retailCRM with externalId = hub order id. Idempotent: "already exists"
   * is success; after an ambiguous failure it looks the order up before creating it again.
   * Pass `lookupFirst` when a previous attempt (another job run) ended ambiguously.
   */
  pushOrder(order: Order, opts?: { signal?: AbortSignal; lookupFirst?: boolean }): Promise<PushOrderResult>;
  /** Moves the retailCRM order to the mapped status; unmapped statuses are skipped (logged). */
  updateStatus(order: Order, signal?: AbortSignal): Promise<StatusUpdateResult>;
  /** The retailCRM order with this externalId (hub order id) in the configured store, or null. */
  findOrder(externalId: string, signal?: AbortSignal): Promise<CrmOrder | null>;
  /** Registers (or updates) the delivery integration module in retailCRM. */
  registerModule(signal?: AbortSignal): Promise<void>;
  /** True when a callback carries the module's clientId. */
  authorizeCallback(req: InboundRequest): boolean;
  /** Serves one delivery-module callback (`calculate`, `save`, `get`, `delete`) with the hub's services. */
  handleCallback(action: DeliveryAction, req: InboundRequest, hub: DeliveryHub, signal?: AbortSignal): Promise<CallbackReply>;
}

const ALREADY_EXISTS = /already exists|уже существует/i;

export function createRetailCrmAdapter(config: RetailCrmConfig, deps: ConnectorDeps): RetailCrmAdapter {
  const client = createRetailCrmClient(config, deps);
  const log = deps.logger.child({ connectorId: deps.connectorId, connector: 'retailcrm' });

  async function getOrder(id: string, by: 'externalId' | 'id', site: string, signal?: AbortSignal): Promise<CrmOrder | null> {
    const a = await client.get(`/orders/${encodeURIComponent(id)}`, { by, site }, signal);
    if (a.status === 404) return null;
    const parsed = OrderGetResponse.safeParse(client.ok(a, `GET orders/${id}`));
    if (!parsed.success) throw new ConnectorError('bad_response', `retailCRM answered GET orders/${id} without an order: ${parsed.error.issues[0]?.message}`);
    return parsed.data.order;
  }

  async function create(order: Order, signal?: AbortSignal): Promise<PushOrderResult> {
    const a = await client.post('/orders/create', toCreateForm(order, config), signal);
    if (a.status >= 400 && a.status < 500 && ALREADY_EXISTS.test(errorText(a))) {
      log.info({ orderId: order.id }, 'retailCRM already has this order; treating the push as done');
      return { created: false };
    }
    const body = client.ok(a, `orders/create for order ${order.id}`) as { id?: number };
    return { created: true, crmId: typeof body.id === 'number' ? body.id : undefined };
  }

  const adapter: RetailCrmAdapter = {
    accepts: (event) => event.type === 'order.received' || event.type === 'order.status_changed',
    // Events from the hub's log: a new order is created in retailCRM, a status change follows it.
    async deliver(event, ctx) {
      if (!event.orderId) return;
      const order = await ctx.getOrder(event.orderId);
      if (event.type === 'order.received') await adapter.pushOrder(order, { signal: ctx.signal });
      else await adapter.updateStatus(order, ctx.signal);
    },
    async test(signal) {
      try {
        const body = CredentialsResponse.parse(client.ok(await client.get('/credentials', {}, signal), 'GET credentials'));
        const canCreate = body.credentials?.includes('/api/orders/create') || body.scopes?.includes('order_write');
        if (!canCreate) return { ok: false, detail: 'the retailCRM API key may not call /api/orders/create (give it the order_write scope / orders/create method)' };
        if (body.siteAccess === 'access_selective' && !body.sitesAvailable?.includes(config.siteCode)) {
          return { ok: false, detail: `the retailCRM API key has no access to store '${config.siteCode}' (it sees: ${body.sitesAvailable?.join(', ') || 'none'})` };
        }
        return { ok: true, detail: `retailCRM ${config.baseUrl} accepts this key for orders/create in store '${config.siteCode}'` };
      } catch (e) {
        return { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    },

    async pushOrder(order, opts = {}) {
      if (opts.lookupFirst) {
        const found = await getOrder(order.id, 'externalId', config.siteCode, opts.signal);
        if (found) return { created: false, crmId: found.id };
      }
      try {
        return await create(order, opts.signal);
      } catch (e) {
        if (!isConnectorError(e) || !e.ambiguous) throw e;
        // The create may have landed before the answer was lost: look before creating again.
        log.warn({ orderId: order.id, err: e.message }, 'ambiguous failure creating the retailCRM order; looking it up');
        const found = await getOrder(order.id, 'externalId', config.siteCode, opts.signal);
        if (found) return { created: false, crmId: found.id };
        return create(order, opts.signal);
      }
    },

    async updateStatus(order, signal) {
      const form = toStatusEditForm(order, config);
      if (!form) {
        log.info({ orderId: order.id, status: order.status }, 'hub status not mapped to a retailCRM status; not pushed');
        return { updated: false, skipped: `hub status '${order.status}' has no retailCRM status in statusMap` };
      }
      const crmStatus = (JSON.parse(form.order!) as { status: string }).status;
      const a = await client.post(`/orders/${encodeURIComponent(order.id)}/edit`, form, signal);
      if (a.status === 404) {
        // Never pushed (or pushed before this connector existed): create it, already in its status.
        log.info({ orderId: order.id }, 'order missing in retailCRM on status update; creating it');
        await adapter.pushOrder(order, { signal });
        return { updated: true, crmStatus };
      }
      client.ok(a, `orders/${order.id}/edit (status ${crmStatus})`);
      return { updated: true, crmStatus };
    },

    findOrder: (externalId, signal) => getOrder(externalId, 'externalId', config.siteCode, signal),

    async registerModule(signal) {
      const a = await client.post(`/integration-modules/${encodeURIComponent(config.moduleCode)}/edit`, toModuleForm(config), signal);
      client.ok(a, `integration-modules/${config.moduleCode}/edit`);
    },

    authorizeCallback: (req) => checkClientId(req, config.callbackSecret),

    handleCallback(action, req, hub, signal) {
      return handleDeliveryCallback(action, req, {
        config,
        hub,
        signal,
        authorized: checkClientId(req, config.callbackSecret),
        async resolveOrder(crmOrderId, site) {
          const o = await getOrder(crmOrderId, 'id', site ?? config.siteCode, signal);
          if (!o) throw new CallbackError(404, `Order ${crmOrderId} not found in retailCRM`);
          if (!o.externalId) throw new CallbackError(400, `Заказ ${o.number ?? crmOrderId} создан не через Svyazka (no externalId); the hub can book only orders it pushed`);
          return o.externalId;
        },
        log,
      });
    },
  };
  return adapter;
}

/** Narrows a crm adapter from the registry to this connector's (the registry types it as CrmAdapter). */
export function isRetailCrmAdapter(a: CrmAdapter): a is RetailCrmAdapter {
  return typeof (a as Partial<RetailCrmAdapter>).handleCallback === 'function' && typeof (a as Partial<RetailCrmAdapter>).pushOrder === 'function';
}

import type { Redis } from 'ioredis';
import { ApiKeyStore } from './auth/keys.js';
import { systemClock, type Clock } from './clock.js';
import { createConnectorCache } from './connectors/cache.js';
import type { AnyConnectorDefinition } from './connectors/contract.js';
import { ConnectorRegistry } from './connectors/registry.js';
import { ConnectorService } from './connectors/service.js';
import { EventLog } from './events/log.js';
import { createHttpClient, type HttpClient } from './http/client.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { OrderService } from './orders/service.js';
import { OrderWorkflow, type AlternativesFinder } from './orders/workflow.js';
import { QuoteService, type QuoteServiceOptions } from './quotes/service.js';
import { redisKeys, type RedisKeys } from './redis/keys.js';
import { scriptRunner } from './redis/scripts.js';
import { createSecretBox } from './secrets.js';
import { StockService } from './stock/service.js';
import { findAlternatives, type Alternative } from './stock/alternatives.js';
import { WarehouseStore } from './stock/warehouses.js';
import { createQueues, type Queues } from './queues/queues.js';
import { ShipmentService, type BookingPolicy } from './shipments/service.js';
import { ShipmentStore } from './shipments/store.js';

export interface HubOptions {
  redis: Redis;
  /** For BullMQ's own connections. */
  redisUrl: string;
  keyPrefix: string;
  secretKey: string;
  logger: Logger;
  definitions: readonly AnyConnectorDefinition[];
  clock?: Clock;
  http?: HttpClient;
  metrics?: Metrics;
  quotes?: QuoteServiceOptions;
  alternatives?: AlternativesFinder;
  booking?: BookingPolicy;
}

/** Everything a route, job or connector needs, wired once. No I/O happens here. */
export interface Hub {
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  http: HttpClient;
  connectors: ConnectorService;
  apiKeys: ApiKeyStore;
  orders: OrderService;
  workflow: OrderWorkflow;
  stock: StockService;
  /** In-stock products of the same catalog group, nearest in price first (up to 5 by default). */
  alternatives(sku: string, limit?: number): Promise<Alternative[]>;
  warehouses: WarehouseStore;
  quotes: QuoteService;
  events: EventLog;
  queues: Queues;
  redisUrl: string;
  shipments: ShipmentService;
}

export function createHub(o: HubOptions): Hub {
  const keys = redisKeys(o.keyPrefix);
  const clock = o.clock ?? systemClock;
  const run = scriptRunner(o.redis);
  const http = o.http ?? createHttpClient({ logger: o.logger });
  const registry = new ConnectorRegistry(o.definitions);
  const connectors = new ConnectorService(
    o.redis,
    keys,
    registry,
    createSecretBox(o.secretKey),
    (connectorId) => ({
      connectorId,
      http,
      clock,
      logger: o.logger.child({ connectorId }),
      cache: createConnectorCache(o.redis, keys, connectorId, o.logger, () => clock.now().getTime()),
    }),
    o.logger,
  );
  const warehouses = new WarehouseStore(o.redis, keys);
  const stock = new StockService(o.redis, keys, run, warehouses);
  const orders = new OrderService(o.redis, keys, run);
  const events = new EventLog(o.redis, keys);
  const queues = createQueues(o.redisUrl, keys.bullPrefix);
  const metrics = o.metrics ?? createMetrics();
  const alternatives = (sku: string, limit?: number) => findAlternatives(o.redis, keys, stock, sku, limit);
  const workflow = new OrderWorkflow(orders, stock, o.alternatives ?? ((sku) => alternatives(sku)));
  const shipments = new ShipmentService(new ShipmentStore(o.redis, keys), orders, connectors, queues, events, clock, o.logger, o.booking);
  workflow.onCancelled((order) => shipments.cancelForOrder(order.id));
  return {
    redis: o.redis,
    keys,
    logger: o.logger,
    clock,
    metrics,
    http,
    connectors,
    apiKeys: new ApiKeyStore(o.redis, keys),
    orders,
    workflow,
    stock,
    alternatives,
    warehouses,
    quotes: new QuoteService(connectors, stock, clock, o.quotes, { redis: o.redis, keys, metrics, logger: o.logger }),
    events,
    queues,
    redisUrl: o.redisUrl,
    shipments,
  };
}

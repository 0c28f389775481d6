/**
 * Every Redis key the hub uses, in one place. One prefix (several hubs or test files can share a
 * Redis), and hash tags so that keys touched by one Lua script share a cluster slot: all stock and
 * reservation keys are in `{stock}`, all order keys and the event stream in `{orders}`.
 */
export function redisKeys(prefix: string) {
  const p = prefix;
  return {
    prefix: p,
    // connectors and admin
    connectors: `${p}:connectors`,
    connectorsVersion: `${p}:connectors:version`,
    connectorCache: (id: string, key: string) => `${p}:cc:${id}:${key}`,
    connectorState: (id: string) => `${p}:connector-state:${id}`,
    // order intake: pull locks and the dead-letter list (entries by id, ids by time)
    pullLock: (id: string) => `${p}:pull-lock:${id}`,
    intakeLock: (orderId: string) => `${p}:intake-lock:${orderId}`,
    deadLetters: `${p}:dead-letters`,
    deadLetterIndex: `${p}:dead-letters:index`,
    apiKeys: `${p}:api-keys`,
    apiKeyByHash: (hash: string) => `${p}:api-key-hash:${hash}`,
    idempotency: (scope: string, key: string) => `${p}:idem:${scope}:${key}`,
    warehouses: `${p}:warehouses`,
    meta: `${p}:meta`,
    // stock slot; Lua scripts build the slot's other keys from this prefix
    stockSlot: `${p}:{stock}:`,
    stockOnHand: (wh: string) => `${p}:{stock}:on-hand:${wh}`,
    stockReserved: (wh: string) => `${p}:{stock}:reserved:${wh}`,
    stockStaging: (wh: string, token: string) => `${p}:{stock}:staging:${wh}:${token}`,
    reservation: (orderId: string) => `${p}:{stock}:reservation:${orderId}`,
    reservationExpiry: `${p}:{stock}:reservation-expiry`,
    catalog: `${p}:{stock}:catalog`,
    skuAlias: `${p}:{stock}:sku-alias`,
    /** Sorted set of a catalog group's SKUs scored by price (minor units), for alternatives. */
    catalogGroup: (groupId: string) => `${p}:{stock}:catalog-group:${groupId}`,
    // orders slot
    ordersSlot: `${p}:{orders}:`,
    order: (id: string) => `${p}:{orders}:order:${id}`,
    orderHistory: (id: string) => `${p}:{orders}:history:${id}`,
    orderByExternal: (source: string, externalId: string) => `${p}:{orders}:ext:${source}:${externalId}`,
    ordersAll: `${p}:{orders}:index:all`,
    ordersByStatus: (status: string) => `${p}:{orders}:index:status:${status}`,
    events: `${p}:{orders}:events`,
    /** Hash order id → updatedAt ms last acknowledged by one export consumer (a stock system taking orders). */
    orderExports: (consumerId: string) => `${p}:{orders}:exported:${consumerId}`,
    // queues (BullMQ adds its own suffixes)
    bullPrefix: `${p}:bull`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

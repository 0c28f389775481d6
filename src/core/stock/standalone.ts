import { createRedis } from '../redis/client.js';
import { redisKeys } from '../redis/keys.js';
import { scriptRunner } from '../redis/scripts.js';
import { StockService } from './service.js';
import { WarehouseStore } from './warehouses.js';
import type { StockWriter } from './writer.js';

/**
 * A stock writer on a Redis connection of its own, for code that runs outside the hub's thread
 * (the 1C import thread): the same keys and writes as `hub.stock`, nothing else of the hub. The
 * connection lives as long as its thread.
 */
export function connectStockWriter(redisUrl: string, keyPrefix: string): StockWriter {
  const redis = createRedis(redisUrl, { name: 'svyazka-import' });
  const keys = redisKeys(keyPrefix);
  return new StockService(redis, keys, scriptRunner(redis), new WarehouseStore(redis, keys));
}

-- Idempotent order intake: one order per (source, externalId).
-- KEYS[1] external-id index key  ({orders} slot)
-- ARGV[1] key prefix for {orders} keys ("<prefix>:{orders}:")
-- ARGV[2] new order id   ARGV[3] order JSON   ARGV[4] status   ARGV[5] created-at ms
-- ARGV[6] first history entry JSON   ARGV[7] event JSON   ARGV[8] lines as JSON [[sku, qty], ...]
-- (kept apart from the order JSON so that confirmation need not decode the whole order)
-- Returns {1, id} when created, {0, existing id} when the order was already there.
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
local p, id = ARGV[1], ARGV[2]
redis.call('SET', KEYS[1], id)
redis.call('HSET', p .. 'order:' .. id, 'data', ARGV[3], 'status', ARGV[4], 'updatedAt', ARGV[5], 'lines', ARGV[8])
redis.call('RPUSH', p .. 'history:' .. id, ARGV[6])
redis.call('ZADD', p .. 'index:all', ARGV[5], id)
redis.call('ZADD', p .. 'index:status:' .. ARGV[4], ARGV[5], id)
redis.call('XADD', p .. 'events', 'MAXLEN', '~', '1000000', '*', 'type', 'order.received', 'orderId', id, 'at', ARGV[5], 'data', ARGV[7])
return {1, id}

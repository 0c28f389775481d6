-- Moves an order along the status pipeline, or refuses and changes nothing.
-- KEYS[1] order hash
-- ARGV[1] key prefix for {orders} keys   ARGV[2] order id   ARGV[3] target status
-- ARGV[4] space-separated statuses the target may be reached from   ARGV[5] now ms
-- ARGV[6] history entry JSON   ARGV[7] event JSON
-- Returns {'ok', from} | {'missing'} | {'same', from} | {'illegal', from}
local from = redis.call('HGET', KEYS[1], 'status')
if not from then return {'missing'} end
if from == ARGV[3] then return {'same', from} end
local allowed = false
for s in string.gmatch(ARGV[4], '%S+') do
  if s == from then allowed = true end
end
if not allowed then return {'illegal', from} end
local p, id = ARGV[1], ARGV[2]
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'updatedAt', ARGV[5])
redis.call('RPUSH', p .. 'history:' .. id, ARGV[6])
redis.call('ZREM', p .. 'index:status:' .. from, id)
redis.call('ZADD', p .. 'index:status:' .. ARGV[3], redis.call('ZSCORE', p .. 'index:all', id) or ARGV[5], id)
redis.call('XADD', p .. 'events', 'MAXLEN', '~', '1000000', '*', 'type', 'order.status_changed', 'orderId', id, 'at', ARGV[5], 'data', ARGV[7])
return {'ok', from}

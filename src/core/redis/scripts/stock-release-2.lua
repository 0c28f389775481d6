-- Gives an order's reservation back (cancel, expiry) or consumes it (handed to the courier).
-- KEYS[1] reservation hash of the order   KEYS[2] reservation expiry zset
-- ARGV[1] "<prefix>:{stock}:"   ARGV[2] order id   ARGV[3] '1' to also take the units off on-hand
-- Returns the number of reservation lines released.
local p, consume = ARGV[1], ARGV[3] == '1'
local held = redis.call('HGETALL', KEYS[1])
for i = 1, #held, 2 do
  local tab = string.find(held[i], '\t', 1, true)
  local w, sku, qty = string.sub(held[i], 1, tab - 1), string.sub(held[i], tab + 1), tonumber(held[i + 1])
  local rkey = p .. 'reserved:' .. w
  if redis.call('HINCRBY', rkey, sku, -qty) <= 0 then redis.call('HDEL', rkey, sku) end
  if consume then
    local okey = p .. 'on-hand:' .. w
    -- The warehouse may already have sent a snapshot with the deduction: never below zero.
    local on = tonumber(redis.call('HGET', okey, sku) or '0')
    if on > 0 then redis.call('HSET', okey, sku, math.max(0, on - qty)) end
  end
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return #held / 2

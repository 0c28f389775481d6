-- Applies stock deltas to one warehouse, or none of them if any would go below zero.
-- KEYS[1] on-hand hash of the warehouse   ARGV pairs of sku, delta
-- Returns {'ok'} | {'negative', sku, onHand, delta}
for i = 1, #ARGV, 2 do
  local on = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if on + tonumber(ARGV[i + 1]) < 0 then return {'negative', ARGV[i], on, ARGV[i + 1]} end
end
for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
return {'ok'}

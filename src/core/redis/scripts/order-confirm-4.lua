-- Confirms an order in one round trip: reads its lines, reserves them (stock-reserve-3, all or
-- nothing) and moves it new -> confirmed (order-transition-1). Both scripts are prepended as the
-- functions stock_reserve(KEYS, ARGV) and order_transition(KEYS, ARGV) when this one is loaded.
-- KEYS[1] order hash   KEYS[2] reservation hash   KEYS[3] reservation expiry zset   KEYS[4] SKU alias hash
-- ARGV[1] "<prefix>:{orders}:"   ARGV[2] order id   ARGV[3] now ms   ARGV[4] history entry JSON
-- ARGV[5] cause   ARGV[6] "<prefix>:{stock}:"   ARGV[7] expiry ms or 0   ARGV[8] warehouse count N,
-- then N warehouse ids
-- Returns {'ok', data, n, history x n, wh, sku, qty, ...} | {'short', sku, requested, available, ...}
--       | {'missing'} | {'confirmed'} (already: the caller reads it) | {'illegal', status}
local order = redis.call('HMGET', KEYS[1], 'status', 'data', 'lines')
local status, data = order[1], order[2]
if not status then return {'missing'} end
if status == 'confirmed' then return {'confirmed'} end
if status ~= 'new' then return {'illegal', status} end
local n = tonumber(ARGV[8])
local rargv = {ARGV[6], '0', ARGV[7], ARGV[2], ARGV[8]}
for i = 1, n do rargv[5 + i] = ARGV[8 + i] end
-- [[sku, qty], ...], written at intake: a fraction of the cost of decoding the whole order.
-- Orders taken in before the lines were kept apart have only the order JSON.
local lines = order[3] and cjson.decode(order[3])
if not lines then
  lines = {}
  for _, l in ipairs(cjson.decode(data).lines) do table.insert(lines, {l.sku, l.qty}) end
end
for _, l in ipairs(lines) do
  table.insert(rargv, l[1])
  table.insert(rargv, tostring(l[2]))
end
local r = stock_reserve({KEYS[2], KEYS[3], KEYS[4]}, rargv)
if r[1] == 'short' then return r end
local allocations = {}
for i = 2, #r, 3 do
  table.insert(allocations, {warehouseId = r[i], sku = r[i + 1], qty = tonumber(r[i + 2])})
end
local event = cjson.encode({to = 'confirmed', cause = ARGV[5], allocations = allocations})
local t = order_transition({KEYS[1]}, {ARGV[1], ARGV[2], 'confirmed', 'new', ARGV[3], ARGV[4], event})
if t[1] ~= 'ok' then return {'illegal', t[2] or 'missing'} end
local history = redis.call('LRANGE', ARGV[1] .. 'history:' .. ARGV[2], 0, -1)
local out = {'ok', data, #history}
for _, h in ipairs(history) do table.insert(out, h) end
for i = 2, #r do table.insert(out, r[i]) end
return out

-- Reserves every line of an order atomically across warehouses: all or nothing.
-- Prefers one warehouse that can fill the whole order (in the given order of preference), then
-- the fewest warehouses (the first such set in order of preference).
-- Other keys live in the same {stock} slot and are built from ARGV[1].
-- KEYS[1] reservation hash of the order   KEYS[2] reservation expiry zset   KEYS[3] SKU alias hash
-- ARGV[1] "<prefix>:{stock}:"   ARGV[2] dry run (1 = plan only)   ARGV[3] expiry ms or 0
-- ARGV[4] order id   ARGV[5] warehouse count N, then N warehouse ids, then pairs of sku, qty
-- Returns {'ok', wh, sku, qty, ...} | {'existing', wh, sku, qty, ...} | {'short', sku, requested, available, ...}
local p, dry, expiry, orderId = ARGV[1], ARGV[2] == '1', tonumber(ARGV[3]), ARGV[4]
if not dry then
  local held = redis.call('HGETALL', KEYS[1])
  if #held > 0 then
    local out = {'existing'}
    for i = 1, #held, 2 do
      local tab = string.find(held[i], '\t', 1, true)
      table.insert(out, string.sub(held[i], 1, tab - 1))
      table.insert(out, string.sub(held[i], tab + 1))
      table.insert(out, held[i + 1])
    end
    return out
  end
end
local n = tonumber(ARGV[5])
local whs = {}
for i = 1, n do whs[i] = ARGV[5 + i] end
local skus, want = {}, {}
for i = 6 + n, #ARGV, 2 do
  local sku = redis.call('HGET', KEYS[3], ARGV[i]) or ARGV[i]
  if want[sku] == nil then table.insert(skus, sku); want[sku] = 0 end
  want[sku] = want[sku] + tonumber(ARGV[i + 1])
end
-- available[w][sku] = max(0, on hand - reserved): a snapshot below reservations never goes negative
local avail = {}
for wi, w in ipairs(whs) do
  avail[wi] = {}
  for _, sku in ipairs(skus) do
    local on = tonumber(redis.call('HGET', p .. 'on-hand:' .. w, sku) or '0')
    local res = tonumber(redis.call('HGET', p .. 'reserved:' .. w, sku) or '0')
    local a = on - res
    if a < 0 then a = 0 end
    avail[wi][sku] = a
  end
end
local short = {'short'}
for _, sku in ipairs(skus) do
  local total = 0
  for wi = 1, n do total = total + avail[wi][sku] end
  if total < want[sku] then
    table.insert(short, sku); table.insert(short, want[sku]); table.insert(short, total)
  end
end
if #short > 1 then return short end
local alloc = {}
for wi = 1, n do
  local all = true
  for _, sku in ipairs(skus) do
    if avail[wi][sku] < want[sku] then all = false; break end
  end
  if all then
    for _, sku in ipairs(skus) do table.insert(alloc, {wi, sku, want[sku]}) end
    break
  end
end
if #alloc == 0 then
  -- No single warehouse can: find the fewest that can, by trying every set of 2, then 3, ...
  -- warehouses in preference order. Only warehouses holding some of the order take part; with
  -- more of them than EXHAUSTIVE, a greedy pick (the warehouse covering most of what is left
  -- first) bounds the work, at the risk of one warehouse more than needed.
  local EXHAUSTIVE = 12
  local cand = {}
  for wi = 1, n do
    for _, sku in ipairs(skus) do
      if avail[wi][sku] > 0 then table.insert(cand, wi); break end
    end
  end
  local chosen
  local m = #cand
  if m <= EXHAUSTIVE then
    local function covers(idx, k)
      for _, sku in ipairs(skus) do
        local t = 0
        for i = 1, k do t = t + avail[cand[idx[i]]][sku] end
        if t < want[sku] then return false end
      end
      return true
    end
    for k = 2, m do
      local idx = {}
      for i = 1, k do idx[i] = i end
      while true do
        if covers(idx, k) then
          chosen = {}
          for i = 1, k do chosen[i] = cand[idx[i]] end
          break
        end
        -- the next k-combination of 1..m in lexicographic (preference) order
        local i = k
        while i >= 1 and idx[i] == m - k + i do i = i - 1 end
        if i < 1 then break end
        idx[i] = idx[i] + 1
        for j = i + 1, k do idx[j] = idx[j - 1] + 1 end
      end
      if chosen then break end
    end
  else
    chosen = {}
    local left, used = {}, {}
    for _, sku in ipairs(skus) do left[sku] = want[sku] end
    while true do
      local best, bestCover = nil, 0
      for wi = 1, n do
        if not used[wi] then
          local cover = 0
          for _, sku in ipairs(skus) do cover = cover + math.min(avail[wi][sku], left[sku]) end
          if cover > bestCover then best, bestCover = wi, cover end
        end
      end
      if best == nil then break end
      used[best] = true
      table.insert(chosen, best)
      for _, sku in ipairs(skus) do left[sku] = left[sku] - math.min(avail[best][sku], left[sku]) end
    end
  end
  -- Each line from the chosen warehouses in the order they were chosen; in a smallest set every
  -- warehouse is needed, so each one gets something.
  local left = {}
  for _, sku in ipairs(skus) do left[sku] = want[sku] end
  for _, wi in ipairs(chosen) do
    for _, sku in ipairs(skus) do
      local take = math.min(avail[wi][sku], left[sku])
      if take > 0 then
        table.insert(alloc, {wi, sku, take})
        left[sku] = left[sku] - take
      end
    end
  end
end
local out = {'ok'}
for _, a in ipairs(alloc) do
  local w = whs[a[1]]
  if not dry then
    redis.call('HINCRBY', p .. 'reserved:' .. w, a[2], a[3])
    redis.call('HINCRBY', KEYS[1], w .. '\t' .. a[2], a[3])
  end
  table.insert(out, w); table.insert(out, a[2]); table.insert(out, a[3])
end
if not dry and expiry > 0 then redis.call('ZADD', KEYS[2], expiry, orderId) end
return out

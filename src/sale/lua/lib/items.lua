-- The catalog. Each item's counters and its per-user limit are one field of the
-- sale's meta hash, 'item:<id>' = "available held sold loaded restocked withdrawn
-- limit" (limit 0: only the sale's limit applies), so one script reaches any item
-- under the sale's one hash tag, and the sale's own counters (the sums over its
-- items) move in the same HSET. Items are read at most once per script call and
-- written back together by write_counters.
local item_cache = {}  -- id -> item table, or 'unknown' / 'corrupt'
local item_dirty = {}  -- ids whose item changed in this call, in first-change order

local function decode_item(id, text)
  local available, held, sold, loaded, restocked, withdrawn, limit =
    string.match(text, '^(%d+) (%d+) (%d+) (%d+) (%d+) (%d+) (%d+)$')
  if not available then return nil end
  available = int_value(available)
  -- read_available: what the item had when this call read it (write_counters
  -- announces a sold-out item that has units again)
  return { id = id, available = available, read_available = available, held = int_value(held),
    sold = int_value(sold), loaded = int_value(loaded), restocked = int_value(restocked),
    withdrawn = int_value(withdrawn), limit = int_value(limit) }
end
local function encode_item(it)
  return int_string(it.available) .. ' ' .. int_string(it.held) .. ' ' .. int_string(it.sold) ..
    ' ' .. int_string(it.loaded) .. ' ' .. int_string(it.restocked) .. ' ' ..
    int_string(it.withdrawn) .. ' ' .. int_string(it.limit)
end
-- Caches the item `id` from its field's value `text` as read (false, nil or a
-- null when the field is missing): for items read with the sale's own HMGET.
local function cache_item(id, text)
  if type(text) ~= 'string' then
    item_cache[id] = 'unknown'
  else
    item_cache[id] = decode_item(id, text) or 'corrupt'
  end
end
-- The item `id`, or nil and why: 'unknown' (no such item) or 'corrupt'.
local function get_item(id)
  local cached = item_cache[id]
  if cached == nil then
    cache_item(id, redis.call('HGET', META_KEY, 'item:' .. id))
    cached = item_cache[id]
  end
  if type(cached) == 'string' then return nil, cached end
  return cached
end
local function touch_item(it)
  if not it.dirty then
    it.dirty = true
    item_dirty[#item_dirty + 1] = it.id
  end
end
-- The units of one line move between the item's counters and the sale's sums.
-- from/to name counters: 'available', 'held', 'sold'.
local function move_units(meta, it, qty, from, to)
  it[from] = it[from] - qty
  it[to] = it[to] + qty
  meta[from] = meta[from] - qty
  meta[to] = meta[to] + qty
  if not it.dirty then -- touch_item(it), inline: a purchase moves units once per line
    it.dirty = true
    item_dirty[#item_dirty + 1] = it.id
  end
end
-- Most items named in one reopened message; beyond it the message is '*' (all).
local REOPENED_LISTED = 100
-- Writes back the sale's counters and every item this call changed, in one HSET;
-- then, when an item that had no units has some again (a cancel, an expiry, a
-- failed order, a restock), says so on the sale's reopened channel, so that
-- processes which answer sold_out from memory (src/sale/sold-out/) ask Redis again.
local function write_counters(meta)
  local args = { 'available', int_string(meta.available), 'held', int_string(meta.held), 'sold',
    int_string(meta.sold) }
  local reopened = {}
  for _, id in ipairs(item_dirty) do
    local it = item_cache[id]
    args[#args + 1] = 'item:' .. id
    args[#args + 1] = encode_item(it)
    it.dirty = nil
    if it.read_available == 0 and it.available > 0 then reopened[#reopened + 1] = id end
    it.read_available = it.available
  end
  item_dirty = {}
  redis.call('HSET', META_KEY, unpack_list(args))
  if #reopened > 0 then
    local message = '*'
    if #reopened <= REOPENED_LISTED then message = table.concat(reopened, ',') end
    -- '<prefix>{sale}:meta' -> '<prefix>{sale}:reopened' (src/sale/sale-keys.ts)
    redis.call('PUBLISH', string.sub(META_KEY, 1, #META_KEY - 4) .. 'reopened', message)
  end
end

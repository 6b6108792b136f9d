--[[ preload-8.lua: load (or reload) a sale's rules and one chunk of its catalog.

A catalog is sent in chunks of at most a thousand items, one call each, so a
sale of 10,000 items never blocks Redis for long; chunk 0 also carries the sale's
rules. A new sale becomes visible (its saleId written) only with its last chunk,
so nobody buys from half a catalog. Each chunk is atomic and idempotent: an item
already loaded with the same stock and limit is left as it is, so a preload cut
off half way is finished by running it again.

The same preload again changes nothing. A different one on a loaded sale is
refused unless forced; forcing keeps every existing hold and sale: each listed
item's new stock counts what is already held or sold of it, and must not be
below it, and a lower per-user limit (the sale's or an item's) is refused while
any buyer holds or has bought more than it (this scans the buyers: O(buyers)).
Items a forced preload does not list are kept as they are. Before a forced
preload of several chunks writes anything, the client runs every chunk as a dry
run (ARGV[16] = '1'), which checks and writes nothing. Keys left over from an
earlier sale of the same id that never finished loading, or whose meta has
expired, are deleted first.

Every key of the sale expires at expireAt = endMs + holdMs + maxExtendMs +
retainMs, after the last hold the sale can make has run out; without endMs the
keys never expire. The answer is kept under the call's op key for a while, so a
re-sent call answers what its first run did ('created', not 'unchanged').

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     sale id          ARGV[2] sale per-user limit  ARGV[3] hold ms
ARGV[4]     start ms or ''   ARGV[5] end ms or ''         ARGV[6] retain ms
ARGV[7]     outbox '1'/'0'   ARGV[8] force '1'/'0'        ARGV[9] history ms
ARGV[10]    how long the op key is kept (ms)              ARGV[11] max extend ms
ARGV[12]    the catalog's digest                          ARGV[13] its item count
ARGV[14]    this chunk's index (0-based)                  ARGV[15] the chunk count
ARGV[16]    dry run '1'/'0'
ARGV[17]    rate limits "<user attempts> <user window ms> <client attempts> <client
            window ms>" (0 attempts: none of that kind; lib/rate-limit.lua), or '' for none
ARGV[18]    '1' when every purchase needs a purchase token, else ''
ARGV[19..]  the chunk's items: id, stock, per-user limit (0: none) for each
Returns     { code, detail, item }:
             1 created, 0 unchanged (same preload), 2 replaced (forced),
            -20 a different preload exists (detail: its loaded stock),
            -21 forced stock below held + sold (detail: held + sold; item),
            -24 forced limit below what a buyer holds or bought (detail: that user
                id; item, or '' for the sale's limit),
            -27 the sale's keys would expire at once: the horizon is not in the
                future (detail: Redis's time),
            -28 another preload of this sale started since chunk 0 (retry),
            -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include items
-- @include retention
local OP_KEY = KEYS[8]
local first = redis.call('GET', OP_KEY)
if first then return { tonumber(first), 0, '' } end

local config = table.concat({ ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[9],
  ARGV[11], ARGV[12], ARGV[13] }, '|')
-- Only a sale with rate limits has them in its config: a sale loaded before they
-- existed keeps the same config, so preloading it again is still 'unchanged'.
if ARGV[17] ~= '' then config = config .. '|' .. ARGV[17] end
-- the same for tokens: only a sale that requires them says so in its config
if ARGV[18] ~= '' then config = config .. '|tokens' end
local chunk, chunks, dry = tonumber(ARGV[14]), tonumber(ARGV[15]), ARGV[16] == '1'
local force = ARGV[8] == '1'
local sale_limit = tonumber(ARGV[2])
local now = redis_now_ms()
local expire_at = nil
if ARGV[5] ~= '' then
  expire_at = tonumber(ARGV[5]) + tonumber(ARGV[3]) + tonumber(ARGV[11]) + tonumber(ARGV[6])
  if expire_at <= now then return { -27, int_string(now), '' } end
end

-- A ledger's units of `item` (lib/user-ledger.lua's format).
local function units_of(ledger, item)
  local per_item = string.match(ledger, '^%d+|([^|]*)|') or ''
  for id, units in string.gmatch(per_item, '([^=,]+)=(%d+)') do
    if id == item then return tonumber(units) end
  end
  return 0
end

-- The first buyer whose units (of `item`, or of the sale when item is nil) pass
-- `limit`, or nil.
local function buyer_over(limit, item)
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', USERS_KEY, cursor, 'COUNT', 1000)
    cursor = page[1]
    local fields = one_based(page[2])
    for i = 1, #fields, 2 do
      local used
      if item then
        used = units_of(fields[i + 1], item)
      else
        used = tonumber(string.match(fields[i + 1], '^(%d+)'))
      end
      if fields[i] ~= KEEPER and used and used > limit then return fields[i] end
    end
  until cursor == '0'
  return nil
end

local live = redis.call('HGET', META_KEY, 'saleId')
local current = redis.call('HGET', META_KEY, 'config')
local loading = redis.call('HGET', META_KEY, 'loading')
local code
if chunk > 0 and dry then
  code = 2 -- a dry run of a forced preload checks chunks before any was written
elseif chunk > 0 then
  if loading ~= config then return { -28, 0, '' } end
  code = tonumber(redis.call('HGET', META_KEY, 'loadingCode'))
elseif loading == config then
  code = tonumber(redis.call('HGET', META_KEY, 'loadingCode')) -- finish a preload cut off
elseif not live then
  code = 1
  if not dry then
    redis.call('DEL', HOLDS_KEY, DEADLINES_KEY, USERS_KEY, IDEMPOTENCY_KEY, EVENTS_KEY, ENDED_KEY,
      META_KEY)
    redis.call('HSET', META_KEY, 'loaded', '0', 'available', '0', 'held', '0', 'sold', '0',
      'restocked', '0', 'withdrawn', '0', 'items', '0')
  end
elseif current == config and not loading then
  return { 0, 0, '' }
elseif not force then
  return { -20, tonumber(redis.call('HGET', META_KEY, 'loaded')) or 0, '' }
else
  code = 2
end
local lowers_limit = false -- the sale's limit, checked after the items' stock
if code == 2 and chunk == 0 then
  local meta = read_meta()
  if meta.corrupt then return { -99, 0, '' } end
  lowers_limit = sale_limit < meta.limit
end

-- Pass 1: check every item of the chunk before writing any.
local listed = {}
for i = 19, #ARGV, 3 do
  local id, stock, limit = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local it, why = get_item(id)
  if why == 'corrupt' then return { -99, 0, id } end
  if it then
    if stock < it.held + it.sold then return { -21, it.held + it.sold, id } end
    if limit > 0 and (it.limit == 0 or limit < it.limit) then
      local over = buyer_over(limit, id)
      if over then return { -24, over, id } end
    end
  end
  listed[#listed + 1] = { id = id, stock = stock, limit = limit, it = it }
end
if lowers_limit then
  local over = buyer_over(sale_limit, nil)
  if over then return { -24, over, '' } end
end
if dry then return { code, 0, '' } end

-- Pass 2: write. The sale's sums move with each item.
local sums = {}
local SUMS = { 'loaded', 'available', 'held', 'sold', 'restocked', 'withdrawn', 'items' }
local values = redis.call('HMGET', META_KEY, unpack_list(SUMS))
for i, name in ipairs(SUMS) do
  sums[name] = tonumber(values[i])
  if not sums[name] then return { -99, 0, '' } end
end
for _, entry in ipairs(listed) do
  local it = entry.it
  if not it then
    it = { id = entry.id, available = entry.stock, held = 0, sold = 0, loaded = entry.stock,
      restocked = 0, withdrawn = 0, limit = entry.limit }
    item_cache[entry.id] = it
    sums.items = sums.items + 1
    sums.loaded = sums.loaded + entry.stock
    sums.available = sums.available + entry.stock
    touch_item(it)
  elseif it.loaded ~= entry.stock or it.limit ~= entry.limit or it.restocked ~= 0 or
      it.withdrawn ~= 0 then
    local available = entry.stock - it.held - it.sold
    sums.available = sums.available + available - it.available
    sums.loaded = sums.loaded + entry.stock - it.loaded
    sums.restocked = sums.restocked - it.restocked
    sums.withdrawn = sums.withdrawn - it.withdrawn
    it.available, it.loaded, it.restocked, it.withdrawn, it.limit =
      available, entry.stock, 0, 0, entry.limit
    touch_item(it)
  end
end
write_counters(sums)
redis.call('HSET', META_KEY, 'loaded', int_string(sums.loaded), 'restocked',
  int_string(sums.restocked), 'withdrawn', int_string(sums.withdrawn), 'items',
  int_string(sums.items))

if chunk == 0 then
  redis.call('HSET', META_KEY, 'loading', config, 'loadingCode', code, 'limit', ARGV[2],
    'holdMs', ARGV[3], 'retainMs', ARGV[6], 'outbox', ARGV[7], 'historyMs', ARGV[9],
    'maxExtendMs', ARGV[11])
  redis.call('HDEL', META_KEY, 'startMs', 'endMs', 'expireAt', 'rateLimit', 'tokens')
  if ARGV[17] ~= '' then redis.call('HSET', META_KEY, 'rateLimit', ARGV[17]) end
  if ARGV[18] ~= '' then redis.call('HSET', META_KEY, 'tokens', '1') end
  if ARGV[4] ~= '' then redis.call('HSET', META_KEY, 'startMs', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('HSET', META_KEY, 'endMs', ARGV[5]) end
  if expire_at then redis.call('HSET', META_KEY, 'expireAt', int_string(expire_at)) end
end
if chunk == chunks - 1 then
  redis.call('HSET', META_KEY, 'saleId', ARGV[1], 'config', config)
  redis.call('HDEL', META_KEY, 'loading', 'loadingCode')
end
keep_with_sale({ expireAt = expire_at and int_string(expire_at) })
redis.call('SET', OP_KEY, code, 'PX', ARGV[10])
return { code, 0, '' }

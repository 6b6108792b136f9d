--[[ preload-8.lua: load (or reload) a sale's stock and rules.

The same preload again changes nothing. A different one on a loaded sale is
refused unless forced; forcing keeps every existing hold and sale: the new stock
counts what is already held or sold, and must not be below it, and a lower
per-user limit is refused while any buyer holds or has bought more than it (this
scans the buyers: O(buyers)). Keys left over from an earlier sale of the same id
whose meta has already expired are deleted first.

Every key of the sale expires at expireAt = endMs + holdMs + retainMs, after the
last hold the sale can make has run out; without endMs the keys never expire.
The answer is kept under the call's op key for a while, so a re-sent call answers
what its first run did ('created', not 'unchanged').

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     sale id          ARGV[2] stock          ARGV[3] per-user limit
ARGV[4]     hold ms          ARGV[5] start ms or '' ARGV[6] end ms or ''
ARGV[7]     retain ms        ARGV[8] outbox '1'/'0' ARGV[9] force '1'/'0'
ARGV[10]    history ms       ARGV[11] how long the op key is kept (ms)
Returns     { code, detail }:
             1 created, 0 unchanged (same preload), 2 replaced (forced),
            -20 a different preload exists (detail: its stock),
            -21 forced stock below held + sold (detail: held + sold),
            -24 forced limit below what a buyer holds or bought (detail: that user id),
            -27 the sale's keys would expire at once: endMs + holdMs + retainMs is
                not in the future (detail: Redis's time)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include retention
local OP_KEY = KEYS[8]
local first = redis.call('GET', OP_KEY)
if first then return { tonumber(first), 0 } end

local config = table.concat({ ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8],
  ARGV[10] }, '|')
local stock = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local now = redis_now_ms()
local expire_at = nil
if ARGV[6] ~= '' then
  expire_at = tonumber(ARGV[6]) + tonumber(ARGV[4]) + tonumber(ARGV[7])
  if expire_at <= now then return { -27, int_string(now) } end
end

-- The first buyer whose units held + sold pass `new_limit`, or nil.
local function buyer_over(new_limit)
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', USERS_KEY, cursor, 'COUNT', 1000)
    cursor = page[1]
    local fields = one_based(page[2])
    for i = 1, #fields, 2 do
      local used = tonumber(string.match(fields[i + 1], '^(%d+)'))
      if used and used > new_limit then return fields[i] end
    end
  until cursor == '0'
  return nil
end

local current = redis.call('HGET', META_KEY, 'config')
local code = 1
if not current then
  redis.call('DEL', HOLDS_KEY, DEADLINES_KEY, USERS_KEY, IDEMPOTENCY_KEY, EVENTS_KEY, ENDED_KEY)
  redis.call('DEL', META_KEY)
  redis.call('HSET', META_KEY, 'loaded', ARGV[2], 'available', ARGV[2], 'held', '0', 'sold', '0',
    'restocked', '0', 'withdrawn', '0')
elseif current == config then
  return { 0, 0 }
elseif ARGV[9] ~= '1' then
  return { -20, tonumber(redis.call('HGET', META_KEY, 'loaded')) }
else
  local meta = read_meta()
  if meta.corrupt then return { -99, 0 } end
  local committed = meta.held + meta.sold
  if stock < committed then return { -21, committed } end
  if limit < meta.limit then
    local over = buyer_over(limit)
    if over then return { -24, over } end
  end
  redis.call('HSET', META_KEY, 'loaded', ARGV[2], 'available', int_string(stock - committed),
    'restocked', '0', 'withdrawn', '0')
  code = 2
end
redis.call('HSET', META_KEY, 'saleId', ARGV[1], 'config', config, 'limit', ARGV[3],
  'holdMs', ARGV[4], 'retainMs', ARGV[7], 'outbox', ARGV[8], 'historyMs', ARGV[10])
redis.call('HDEL', META_KEY, 'startMs', 'endMs', 'expireAt')
if ARGV[5] ~= '' then redis.call('HSET', META_KEY, 'startMs', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', META_KEY, 'endMs', ARGV[6]) end
if expire_at then
  redis.call('HSET', META_KEY, 'expireAt', int_string(expire_at))
  keep_with_sale(read_meta())
else
  for i = 1, SALE_KEY_COUNT do redis.call('PERSIST', KEYS[i]) end
end
redis.call('SET', OP_KEY, code, 'PX', ARGV[11])
return { code, 0 }

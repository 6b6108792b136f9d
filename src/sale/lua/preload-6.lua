--[[ preload-6.lua: load (or reload) a sale's stock and rules.

The same preload again changes nothing. A different one on a loaded sale is
refused unless forced; forcing keeps every existing hold and sale: the new stock
counts what is already held or sold, and must not be below it.
Keys left over from an earlier sale of the same id whose meta has already expired
are deleted first, so reservation ids never repeat.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     sale id          ARGV[2] stock          ARGV[3] per-user limit
ARGV[4]     hold ms          ARGV[5] start ms or '' ARGV[6] end ms or ''
ARGV[7]     retain ms        ARGV[8] outbox '1'/'0' ARGV[9] force '1'/'0'
Returns     { code, detail }:
             1 created, 0 unchanged (same preload), 2 replaced (forced),
            -20 a different preload exists (detail: its stock),
            -21 forced stock below held + sold (detail: held + sold)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include retention

local config = table.concat({ ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8] }, '|')
local stock = tonumber(ARGV[2])
local current = redis.call('HGET', META_KEY, 'config')
local code = 1

if not current then
  redis.call('DEL', HOLDS_KEY, DEADLINES_KEY, USERS_KEY, IDEMPOTENCY_KEY, EVENTS_KEY)
  redis.call('DEL', META_KEY)
  redis.call('HSET', META_KEY, 'loaded', ARGV[2], 'available', ARGV[2], 'held', '0', 'sold', '0',
    'restocked', '0', 'withdrawn', '0', 'seq', '0')
elseif current == config then
  return { 0, 0 }
elseif ARGV[9] ~= '1' then
  return { -20, tonumber(redis.call('HGET', META_KEY, 'loaded')) }
else
  local committed = tonumber(redis.call('HGET', META_KEY, 'held')) +
    tonumber(redis.call('HGET', META_KEY, 'sold'))
  if stock < committed then return { -21, committed } end
  redis.call('HSET', META_KEY, 'loaded', ARGV[2], 'available', int_string(stock - committed),
    'restocked', '0', 'withdrawn', '0')
  code = 2
end

redis.call('HSET', META_KEY, 'saleId', ARGV[1], 'config', config, 'limit', ARGV[3],
  'holdMs', ARGV[4], 'retainMs', ARGV[7], 'outbox', ARGV[8])
redis.call('HDEL', META_KEY, 'startMs', 'endMs')
if ARGV[5] ~= '' then redis.call('HSET', META_KEY, 'startMs', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', META_KEY, 'endMs', ARGV[6]) end
apply_retention(read_meta(), redis_now_ms())
return { code, 0 }

-- The sale's config and counters in one HMGET. meta.saleId is nil when the sale
-- was never loaded (or its keys have expired). meta.corrupt names the first
-- field that is missing or not a non-negative integer (an evicted or hand-edited
-- key): scripts answer -99 before their first write when it is set.
local META_FIELDS = { 'saleId', 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'startMs', 'endMs',
  'expireAt', 'outbox', 'available', 'held', 'sold', 'loaded', 'restocked', 'withdrawn' }
local META_NUMBERS = { 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'available', 'held', 'sold',
  'loaded', 'restocked', 'withdrawn' }
local function read_meta()
  local values = redis.call('HMGET', META_KEY, unpack_list(META_FIELDS))
  local meta = {}
  for i, name in ipairs(META_FIELDS) do
    -- a missing field is false in Redis, a null userdata in ioredis-mock
    if type(values[i]) == 'string' then meta[name] = values[i] end
  end
  if not meta.saleId then return meta end
  for _, name in ipairs(META_NUMBERS) do
    local value = meta[name]
    if not value or not string.match(value, '^%d+$') then
      meta.corrupt = name
      return meta
    end
    meta[name] = tonumber(value)
  end
  return meta
end

-- The sale's config and counters in one HMGET. meta.saleId is nil when the sale
-- was never loaded (or its keys have expired). meta.corrupt names the first
-- field that is missing or not a non-negative integer (an evicted or hand-edited
-- key): scripts answer -99 before their first write when it is set.
local META_FIELDS = { 'saleId', 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'startMs', 'endMs',
  'expireAt', 'outbox', 'available', 'held', 'sold', 'loaded', 'restocked', 'withdrawn' }
local META_NUMBERS = { 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'available', 'held', 'sold',
  'loaded', 'restocked', 'withdrawn' }
-- A script that needs fewer fields names them (fields, numbers: lists like the two
-- above), and may read `extra` fields of the same hash in the same HMGET: their
-- values come back as the second result, in order (false or nil when missing).
-- Each field read costs Redis about as much as a purchase decision's own work, so
-- the purchase script reads only what it uses.
local function read_meta(fields, numbers, extra)
  fields = fields or META_FIELDS
  numbers = numbers or META_NUMBERS
  local args = fields
  if extra and #extra > 0 then
    args = { unpack_list(fields) }
    for i = 1, #extra do args[#args + 1] = extra[i] end
  end
  local values = redis.call('HMGET', META_KEY, unpack_list(args))
  local meta = {}
  for i = 1, #fields do
    -- a missing field is false in Redis, a null userdata in ioredis-mock
    if type(values[i]) == 'string' then meta[fields[i]] = values[i] end
  end
  local extra_values = {}
  if extra then
    for i = 1, #extra do extra_values[i] = values[#fields + i] end
  end
  if not meta.saleId then return meta, extra_values end
  for i = 1, #numbers do
    local name = numbers[i]
    local value = meta[name]
    if not value or not string.match(value, '^%d+$') then
      meta.corrupt = name
      return meta, extra_values
    end
    meta[name] = int_value(value) -- remembered: written back unchanged without formatting
  end
  return meta, extra_values
end

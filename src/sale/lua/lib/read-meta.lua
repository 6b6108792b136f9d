-- The sale's config and counters in one HMGET. meta.saleId is nil when the sale
-- was never loaded (or its keys have expired). meta.corrupt names the first
-- field that is missing or not a non-negative integer (an evicted or hand-edited
-- key): scripts answer -99 before their first write when it is set.
-- By default every field is read (the lists in read_meta, built only then: a table
-- of constants costs a script call as much as a small redis.call).
-- A script that needs fewer fields names them (fields, numbers: lists like the
-- default ones), and may read `extra` fields of the same hash in the same HMGET: their
-- values come back as the second result, in order (false or nil when missing).
-- Each field read costs Redis about as much as a purchase decision's own work, so
-- the purchase script reads only what it uses.
local function read_meta(fields, numbers, extra)
  if not fields then
    fields = { 'saleId', 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'startMs', 'endMs',
      'expireAt', 'outbox', 'available', 'held', 'sold', 'loaded', 'restocked', 'withdrawn' }
    numbers = { 'limit', 'holdMs', 'maxExtendMs', 'historyMs', 'available', 'held', 'sold',
      'loaded', 'restocked', 'withdrawn' }
  end
  local count = #fields
  local values
  if extra and #extra > 0 then
    local args = {}
    for i = 1, count do args[i] = fields[i] end
    for i = 1, #extra do args[count + i] = extra[i] end
    values = redis.call('HMGET', META_KEY, unpack_list(args))
  else
    values = redis.call('HMGET', META_KEY, unpack_list(fields))
  end
  local meta = {}
  for i = 1, count do
    -- a missing field is false in Redis, a null userdata in ioredis-mock
    local value = values[i]
    if type(value) == 'string' then meta[fields[i]] = value end
  end
  local extra_values = {}
  if extra then
    for i = 1, #extra do extra_values[i] = values[count + i] end
  end
  if not meta.saleId then return meta, extra_values end
  for i = 1, #numbers do
    local name = numbers[i]
    local value = meta[name]
    if not value or not string.find(value, '^%d+$') then
      meta.corrupt = name
      return meta, extra_values
    end
    meta[name] = int_value(value)
  end
  return meta, extra_values
end

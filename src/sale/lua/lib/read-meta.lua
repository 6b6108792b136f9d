-- The sale's config and counters in one HMGET. meta.saleId is nil when the sale
-- was never loaded (or its keys have expired).
local META_FIELDS = { 'saleId', 'limit', 'holdMs', 'startMs', 'endMs', 'retainMs', 'outbox',
  'available', 'held', 'sold', 'seq' }

local function read_meta()
  local values = redis.call('HMGET', META_KEY, unpack_list(META_FIELDS))
  local meta = {}
  for i, name in ipairs(META_FIELDS) do
    -- a missing field is false in Redis, a null userdata in ioredis-mock
    if type(values[i]) == 'string' then meta[name] = values[i] end
  end
  return meta
end

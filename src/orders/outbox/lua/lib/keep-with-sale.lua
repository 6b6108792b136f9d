-- "Keep with sale": the pipeline's keys (attempts, delivered marks, dead letters)
-- live exactly as long as the sale's own keys, and a sale that is gone is never
-- brought back by the pipeline.
--
-- sale_lifetime(meta_key) reads the sale's horizon before a script writes anything:
--   nil               the meta key does not exist: the sale is gone (expired, or never
--                     loaded); the caller writes nothing and answers SALE_GONE
--   { 'at', ms }      the meta's `expireAt` field: every key of the sale expires then
--   { 'in', ttl }     no `expireAt` (sales written before the field existed): the meta
--                     key's own remaining lifetime, so now + PTTL(meta)
--   { 'persist' }     no `expireAt` and no TTL on the meta (PTTL -1): the sale has no end
-- A malformed `expireAt` raises here, before the caller's first write.
-- keep_with_sale(lifetime, keys) then gives each key that lifetime. On keys that do
-- not exist it does nothing, so it never creates one.
local SALE_GONE = -1

local function sale_lifetime(meta_key)
  if redis.call('EXISTS', meta_key) == 0 then return nil end
  local at = redis.call('HGET', meta_key, 'expireAt')
  if type(at) == 'string' then
    if not string.match(at, '^%d+$') then
      error('malformed expireAt in ' .. meta_key .. ': ' .. at)
    end
    return { 'at', at }
  end
  local ttl = redis.call('PTTL', meta_key)
  if ttl == -1 then return { 'persist' } end
  return { 'in', ttl }
end

local function keep_with_sale(lifetime, keys)
  for _, key in ipairs(keys) do
    if lifetime[1] == 'at' then
      redis.call('PEXPIREAT', key, lifetime[2])
    elseif lifetime[1] == 'in' then
      redis.call('PEXPIRE', key, lifetime[2])
    else
      redis.call('PERSIST', key)
    end
  end
end

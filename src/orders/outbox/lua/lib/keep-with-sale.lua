-- The pipeline's keys live as long as the sale's own keys: every write gives them
-- the remaining lifetime of the sale's meta key (which src/sale/lua/lib/retention.lua
-- moves on each change of the sale), or one day when that key has no expiry.
local function keep_with_sale(meta_key, keys)
  local ttl = redis.call('PTTL', meta_key)
  if ttl <= 0 then ttl = 86400000 end
  for _, key in ipairs(keys) do redis.call('PEXPIRE', key, ttl) end
end

-- Every key of a sale expires at one fixed instant, meta.expireAt = endMs + holdMs
-- + retainMs (set by preload): after the last hold the sale can make has run out,
-- plus the retention. A sale without endMs can sell for ever, so its keys have no
-- expiry. Scripts call this after writing, because a write may create a key.
local function keep_with_sale(meta)
  if not meta.expireAt then return end
  for i = 1, SALE_KEY_COUNT do redis.call('PEXPIREAT', KEYS[i], meta.expireAt) end
end

-- Every write moves every key's expiry to max(end of sale, now + hold) + retention,
-- so no key of a sale outlives it for long, and no key expires under a live hold.
local function apply_retention(meta, now)
  local ends = tonumber(meta.endMs) or 0
  local horizon = now + tonumber(meta.holdMs)
  if ends > horizon then horizon = ends end
  local at = int_string(horizon + tonumber(meta.retainMs))
  for i = 1, SALE_KEY_COUNT do redis.call('PEXPIREAT', KEYS[i], at) end
end

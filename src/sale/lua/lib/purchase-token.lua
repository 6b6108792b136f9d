-- Purchase tokens (src/sale/tokens/): the client has checked the token's
-- signature; here its expiry is checked on Redis's clock and it is used up.
-- A used token is the member 't:<id>' of the sale's rate-limit set
-- (lib/rate-limit.lua), scored with its expiry: the same read (ZMSCORE) and write
-- (ZADD) as the call's rate limits, and pruned with them once its expiry has
-- passed, when the token is refused as expired anyway. So the set holds only the
-- tokens used within one token lifetime.
-- @include rate-limit

-- The set member for a token argument "<id>:<expires ms>", or nil when malformed.
local function token_member(token)
  local id = string.match(token, '^([A-Za-z0-9_-]+):%d+$')
  if not id then return nil end
  return 't:' .. id
end

-- Uses the token up: true when it is well formed, not expired and not used
-- before (in this call or an earlier one).
local function use_token(token, now)
  local id, expires = string.match(token, '^([A-Za-z0-9_-]+):(%d+)$')
  if not id then return false end
  expires = tonumber(expires) * 1.0 -- a float: fengari has 32-bit integers
  if expires <= now then return false end
  local member = 't:' .. id
  local used_until = rate_tat(member)
  if used_until and used_until > now then return false end
  rate_move(member, expires)
  return true
end

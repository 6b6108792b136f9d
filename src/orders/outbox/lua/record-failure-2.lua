--[[ record-failure-2.lua: keep the last failure of entries whose write failed,
for their dead letters. Only entries that still have an attempt counted get it:
one acknowledged or dead-lettered meanwhile (by another worker) leaves no stray
field behind. Never creates the attempts hash without the sale's lifetime, and
writes nothing when the sale is gone. Safe to run twice (same value).

KEYS[1] attempts hash   KEYS[2] the sale's meta hash (for the lifetime of KEYS[1])
ARGV[1] error text   ARGV[2..] entry ids
Returns the number of entries given the error; SALE_GONE (-1) when the sale's
        meta key does not exist
]]
-- @include keep-with-sale

local ATTEMPTS = KEYS[1]
local lifetime = sale_lifetime(KEYS[2])
if lifetime == nil then return SALE_GONE end
local recorded = 0
for i = 2, #ARGV do
  if redis.call('HEXISTS', ATTEMPTS, ARGV[i]) == 1 then
    redis.call('HSET', ATTEMPTS, ARGV[i] .. ':error', ARGV[1])
    recorded = recorded + 1
  end
end
if recorded > 0 then keep_with_sale(lifetime, { ATTEMPTS }) end
return recorded

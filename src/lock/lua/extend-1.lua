-- Resets a lock's expiry, only if it still holds the caller's token.
--
-- KEYS[1]  lock key
-- ARGV[1]  token of the holder
-- ARGV[2]  new ttl in milliseconds
--
-- Returns 1 when extended, 0 when the key is gone or holds another token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0

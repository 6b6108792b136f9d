-- Redlock, fencing phase 1, run on every server after the lock has a quorum:
-- issues this server's next fencing token, only if the server holds the lock.
--
-- KEYS[1]  lock key (set by redlock's own lock script)
-- KEYS[2]  fence key (same hash tag)
-- ARGV[1]  token of the holder
-- ARGV[2]  how long the fence key lives after its last use, in milliseconds
--
-- Returns the token (decimal string), or '' when this server does not hold the lock.

-- @include next-fence

if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return ''
end
return next_fence(KEYS[2], ARGV[2])

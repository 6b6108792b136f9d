-- Takes a lock if it is free and issues its fencing token, in one atomic step.
--
-- KEYS[1]  lock key: will hold the token, expiring after ARGV[2] ms
-- KEYS[2]  fence key: the last fencing token issued for this lock (same hash tag)
-- ARGV[1]  token: random, unique to this acquisition
-- ARGV[2]  ttl in milliseconds
-- ARGV[3]  how long the fence key lives after its last use, in milliseconds
--
-- Returns the fencing token (decimal string) when the lock was taken, or ''
-- when another holder has it.

-- @include next-fence

if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return ''
end
return next_fence(KEYS[2], ARGV[3])

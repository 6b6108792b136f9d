-- Redlock, fencing phase 2: raises this server's fence counter to the token the
-- holder chose (the largest of phase 1), only if the server still holds the lock.
-- Once a quorum has it, any later holder's phase 1 meets it on at least one server.
--
-- KEYS[1]  lock key
-- KEYS[2]  fence key (same hash tag)
-- ARGV[1]  token of the holder
-- ARGV[2]  the fencing token chosen (decimal string)
-- ARGV[3]  how long the fence key lives after its last use, in milliseconds
--
-- Returns 1 when the counter is at least ARGV[2] now, 0 when this server does not
-- hold the lock.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local fence = string.format('%.0f', math.max(last, tonumber(ARGV[2])))
redis.call('SET', KEYS[2], fence, 'PX', ARGV[3])
return 1

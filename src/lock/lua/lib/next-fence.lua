-- next_fence(fence_key, retention_ms): issues the next fencing token of a lock and
-- returns it as a decimal string.
--
-- The token is one more than the last one issued, but never less than the server
-- clock in microseconds. The clock floor keeps the sequence increasing after the
-- fence key has expired (it only lives retention_ms after its last use, so no key
-- stays forever) and after a failover to a replica that missed the last write.
-- Arithmetic is in floats (exact below 2^53, about the year 2255) because
-- ioredis-mock's Lua has 32-bit integers.
local function next_fence(fence_key, retention_ms)
  local time = redis.call('TIME')
  local now_us = tonumber(time[1]) * 1000000.0 + tonumber(time[2])
  local last = tonumber(redis.call('GET', fence_key) or '0') or 0
  local fence = string.format('%.0f', math.max(last + 1.0, now_us))
  redis.call('SET', fence_key, fence, 'PX', retention_ms)
  return fence
end

-- Redis's own clock in milliseconds, as a decimal string (a string, because
-- ioredis-mock's Lua has 32-bit integers and Redis truncates numbers in replies).
-- The same reading as src/sale/lua/lib/clock.lua, so deadlines compare alike.
local function redis_now_ms_string()
  local t = redis.call('TIME')
  return string.format('%.0f', tonumber(t[1]) * 1000.0 + math.floor(tonumber(t[2]) / 1000))
end

-- Redis's own clock decides every deadline, so app servers with skewed clocks agree.
-- Float arithmetic on purpose: ioredis-mock's Lua (fengari) has 32-bit integers.
local function redis_now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000.0 + math.floor(tonumber(t[2]) / 1000)
end

-- Integers as decimal strings without exponent or '.0', in Lua 5.1 and 5.3 alike.
local function int_string(n)
  return string.format('%.0f', n)
end

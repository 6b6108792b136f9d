-- Redis's own clock decides every deadline, so app servers with skewed clocks agree.
-- Float arithmetic on purpose: ioredis-mock's Lua (fengari) has 32-bit integers.
local function redis_now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000.0 + math.floor(tonumber(t[2]) / 1000)
end

-- Integers as decimal strings without exponent or '.0', in Lua 5.1 and 5.3 alike.
-- Formatting a number costs about as much as a redis.call, and a batch of
-- purchases writes the same few numbers over and over (its one clock reading, its
-- one deadline, quantities): each is formatted once per script call. '%d' is the
-- cheaper format; fengari (ioredis-mock) takes it only within 32 bits, so larger
-- numbers use '%.0f'.
-- int_texts[n] is int_string(n) without the function call (a Lua call costs Redis
-- some 400 instructions, the table hit a tenth of that): the hot paths index it.
local int_texts = setmetatable({}, { __index = function(texts, n)
  local text
  if n < 2147483648 and n > -2147483648 then
    text = string.format('%d', n)
  else
    text = string.format('%.0f', n)
  end
  texts[n] = text
  return text
end })
local function int_string(n)
  return int_texts[n]
end
-- Decimal text (already checked to be digits) to number. Not memoized: a text is
-- mostly read once per call, and filling a table costs more than tonumber.
local int_value = tonumber

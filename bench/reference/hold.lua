--[[ hold.lua: the least a hold needs, for a batch of buyers (the bench's reference,
not part of the library).

Per request: the stock counter is checked and decremented, the buyer's count is
checked against the limit and raised, and the hold's deadline goes into a sorted
set. One call decides up to 64 requests, like the library's purchase batcher; the
stock counter is read once and written once per call.

KEYS[1]  string: units available
KEYS[2]  hash: user id -> units held
KEYS[3]  zset: hold id -> deadline (ms)
ARGV[1]  per-user limit
ARGV[2]  hold length (ms)
ARGV[3…] one user id per request
Returns  one code per request: 1 held, -4 sold out, -6 limit reached
]]
local limit = tonumber(ARGV[1])
local t = redis.call('TIME')
local deadline = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[2])
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local before = stock
local out = {}
for i = 3, #ARGV do
  local user = ARGV[i]
  local used = tonumber(redis.call('HGET', KEYS[2], user) or '0')
  if stock <= 0 then
    out[#out + 1] = -4
  elseif used >= limit then
    out[#out + 1] = -6
  else
    stock = stock - 1
    used = used + 1
    redis.call('HSET', KEYS[2], user, used)
    redis.call('ZADD', KEYS[3], deadline, user .. ':' .. used)
    out[#out + 1] = 1
  end
end
if stock ~= before then redis.call('SET', KEYS[1], stock) end
return out

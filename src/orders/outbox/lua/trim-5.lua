--[[ trim-5.lua: keep the outbox small during a long sale. Drops the entries every
consumer group has acknowledged: an entry a group has not read yet, or still has
pending, is never dropped (they are orders not delivered yet), and a stream without
groups is left alone. Also forgets consumers of ARGV[1] that hold nothing and have
been idle for ARGV[2] ms (workers that are gone; a live one that reads again is
re-created by Redis).

The worker runs this every trimIntervalMs, so it also gives the group's pipeline
keys the sale's lifetime again: when the sale's horizon moves after a dead letter
was written, the dead letters follow it (keep-with-sale.lua). Writes nothing when
the sale is gone. Safe to run twice: the second run finds nothing more to drop.

KEYS[1] events stream   KEYS[2] the sale's meta hash
KEYS[3] delivered hash   KEYS[4] attempts hash   KEYS[5] dead-letter stream
ARGV[1] group   ARGV[2] idle ms after which an empty consumer is forgotten
Returns the number of entries dropped
]]
-- @include keep-with-sale
-- @include field-of

local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

local function older(a, b)
  local a_ms, a_seq = parse(a)
  local b_ms, b_seq = parse(b)
  return a_ms < b_ms or (a_ms == b_ms and a_seq < b_seq)
end

local lifetime = sale_lifetime(KEYS[2])
if lifetime == nil then return 0 end
keep_with_sale(lifetime, { KEYS[3], KEYS[4], KEYS[5] })
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
local floor
for _, group in ipairs(groups) do
  local name = field(group, 'name')
  local bound
  if tonumber(field(group, 'pending')) > 0 then
    bound = redis.call('XPENDING', KEYS[1], name)[2]
  else
    local ms, seq = parse(field(group, 'last-delivered-id'))
    bound = string.format('%.0f-%.0f', ms, seq + 1)
  end
  if floor == nil or older(bound, floor) then floor = bound end
  if name == ARGV[1] then
    for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], name)) do
      if tonumber(field(consumer, 'pending')) == 0 and
          tonumber(field(consumer, 'idle')) >= tonumber(ARGV[2]) then
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], name, field(consumer, 'name'))
      end
    end
  end
end
if floor == nil then return 0 end
return redis.call('XTRIM', KEYS[1], 'MINID', floor)

--[[ redrive-5.lua: put dead letters of one consumer group back into the outbox for
delivery. Each dead letter moves as a whole: its event is appended to the outbox
stream (the same fields the sale's scripts write, plus `redrive` naming the group,
so other groups, which delivered it already, acknowledge it without writing it)
and the dead letter is deleted, in this one script. A re-driven 'reserved' event
loses its 'dead' mark, so its reservation's later events wait for it again, as
they did the first time (begin-4.lua).

Safe to run twice (ioredis re-sends a call whose reply was lost after a
reconnect): each call carries a token unique to it, and each move is recorded
(dead letter id → '<token> <new entry id>'). A second run of the same call finds
the dead letters gone and its own token on them, appends nothing and answers the
same entry ids; another call finds them gone and answers '-' for them. Writes
nothing when the sale is gone.

KEYS[1] dead-letter stream   KEYS[2] events stream   KEYS[3] delivered hash
KEYS[4] re-driven hash (the move records)   KEYS[5] the sale's meta hash
ARGV[1] group   ARGV[2] call token   ARGV[3..] dead letter ids
Returns per dead letter its new outbox entry id, or '-' when it is not (or no
        longer) in the dead-letter stream, space-separated; SALE_GONE (-1) when
        the sale's meta key does not exist
]]
-- @include keep-with-sale
-- @include field-of
-- @include one-based

local DEAD, EVENTS, DELIVERED, REDRIVEN = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local group, token = ARGV[1], ARGV[2]
local unpack_list = table.unpack or unpack
-- the event's fields, in the order src/sale/lua/lib/outbox.lua writes them
local COPIED = { 'type', 'sale', 'rid', 'user', 'qty', 'at', 'deadline', 'lines' }
local lifetime = sale_lifetime(KEYS[5])
if lifetime == nil then return SALE_GONE end

-- the entry id this very call gave `id` before (a re-sent call), or '-'
local function replayed(id)
  local record = redis.call('HGET', REDRIVEN, id)
  local mine = token .. ' '
  if type(record) == 'string' and string.sub(record, 1, #mine) == mine then
    return string.sub(record, #mine + 1)
  end
  return '-'
end

local positions, moved = {}, false
for i = 3, #ARGV do
  local id = ARGV[i]
  local found = one_based(redis.call('XRANGE', DEAD, id, id))
  local position
  if #found == 0 then
    position = replayed(id)
  else
    local fields = one_based(one_based(found[1])[2])
    local args = {}
    for _, name in ipairs(COPIED) do
      args[#args + 1] = name
      args[#args + 1] = field(fields, name) or ''
    end
    local meta = field(fields, 'meta')
    if meta ~= nil and meta ~= '' then
      args[#args + 1] = 'meta'
      args[#args + 1] = meta
    end
    args[#args + 1] = 'redrive'
    args[#args + 1] = group
    position = redis.call('XADD', EVENTS, '*', unpack_list(args))
    redis.call('XDEL', DEAD, id)
    redis.call('HSET', REDRIVEN, id, token .. ' ' .. position)
    local rid = field(fields, 'rid') or ''
    if field(fields, 'type') == 'reserved' and redis.call('HGET', DELIVERED, rid) == 'dead' then
      redis.call('HDEL', DELIVERED, rid)
    end
    moved = true
  end
  positions[#positions + 1] = position
end
if moved then keep_with_sale(lifetime, { EVENTS, REDRIVEN }) end
return table.concat(positions, ' ')

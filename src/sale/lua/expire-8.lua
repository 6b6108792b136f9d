--[[ expire-8.lua: release holds whose deadline has passed (Redis TIME), at most
ARGV[1] of them per call so one call never blocks Redis for long. Each hold is
released exactly once: a released hold leaves the deadline set in the same step,
so concurrent callers can never both see it. The ids a call released are kept
under its op key for a while, so a re-sent call answers what its first run did.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     the most holds to release in this call
ARGV[2]     how long the op key is kept (ms)
Returns     { more, rid1, record1, rid2, record2, ... } where more is 1 when
            further overdue holds remain, else 0; or { -99 } when the sale's data
            is damaged (nothing was written)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include items
-- @include outbox
-- @include retention
-- @include user-ledger
-- @include history
-- @include release
local OP_KEY = KEYS[8]
local function records_of(rids)
  local out = {}
  for _, rid in ipairs(rids) do
    local text = redis.call('HGET', HOLDS_KEY, rid)
    if text then
      out[#out + 1] = rid
      out[#out + 1] = text
    end
  end
  return out
end

local first = redis.call('GET', OP_KEY)
if first then
  local words = {}
  for word in string.gmatch(first, '%S+') do words[#words + 1] = word end
  local more = table.remove(words, 1)
  local out = records_of(words)
  table.insert(out, 1, tonumber(more))
  return reply(out)
end

local meta = read_meta()
if not meta.saleId then return { 0 } end
if meta.corrupt then return { -99 } end
local now = redis_now_ms()
local due = redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT', 0,
  tonumber(ARGV[1]))
-- Every ledger the releases need is checked before the first write.
local holds = {}
local stale = {} -- ids whose hold has already ended
for _, rid in ipairs(due) do
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if r and r.state == 'held' then
    if not hold_parts(r, true) then return { -99 } end
    holds[#holds + 1] = { rid = rid, r = r }
  else
    stale[#stale + 1] = rid
  end
end
local released = {}
local out = { 0 }
for _, rid in ipairs(stale) do redis.call('ZREM', DEADLINES_KEY, rid) end
for _, hold in ipairs(holds) do
  -- false only when one buyer's holds together exceed a damaged ledger: that hold
  -- stays held and due, for the next call to report
  if release_hold(meta, hold.rid, hold.r, 'expired', now, '') then
    released[#released + 1] = hold.rid
    out[#out + 1] = hold.rid
    out[#out + 1] = encode_record(hold.r)
  end
end
if #redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT', 0, 1) > 0 then
  out[1] = 1
end
if #released > 0 then
  write_counters(meta)
  keep_events_with_sale(meta)
  redis.call('SET', OP_KEY, out[1] .. ' ' .. table.concat(released, ' '), 'PX', ARGV[2])
end
prune_history(now)
return reply(out)

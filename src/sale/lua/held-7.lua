--[[ held-7.lua: a page of the sale's held reservations, earliest deadline first
(the deadlines sorted set holds exactly the held ones), with Redis's time so the
reader can tell overdue holds. Filtered by buyer, item and overdue. Read only.
A call examines at most ARGV[3] entries of the set, so its cost is bounded
whatever the filters; it resumes after the last entry the previous page
examined (by its rank when that hold is still held; else from the first entry
with its deadline, so holds sharing that deadline may be listed again).

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     the cursor's deadline (ms), '' to start at the beginning
ARGV[2]     the cursor's reservation id, '' to start at the beginning
ARGV[3]     most entries to examine
ARGV[4]     most reservations to return
ARGV[5]     '1' for overdue holds only (deadline at or before now), else '0'
ARGV[6]     the buyer to keep, '' for any
ARGV[7]     the item to keep (holds with a line of it), '' for any
Returns     { now, more, lastDeadline, lastId, rid1, record1, rid2, record2, … }
            where more is 1 when entries remain past lastDeadline/lastId (the
            next page's cursor), else 0
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
local now = redis_now_ms()
local examine, want = tonumber(ARGV[3]), tonumber(ARGV[4])
local overdue_only, user, item = ARGV[5] == '1', ARGV[6], ARGV[7]
local start = 0
if ARGV[2] ~= '' then
  local rank = redis.call('ZRANK', DEADLINES_KEY, ARGV[2])
  if rank then
    start = rank + 1
  else
    start = redis.call('ZCOUNT', DEADLINES_KEY, '-inf', '(' .. ARGV[1])
  end
end
local entries = redis.call('ZRANGE', DEADLINES_KEY, start, start + examine - 1, 'WITHSCORES')
local function has_item(lines)
  for _, line in ipairs(parse_lines(lines)) do
    if line.item == item then return true end
  end
  return false
end
local out = { int_string(now), 0, ARGV[1], ARGV[2] }
local found, ended, stopped = 0, false, false
for i = 1, #entries - 1, 2 do
  local rid, deadline = entries[i], tonumber(entries[i + 1])
  -- the keeper member '' (scored past any time) ends the set
  if rid == '' or (overdue_only and deadline > now) then
    ended = true
    break
  end
  if found == want then
    stopped = true
    break
  end
  out[3], out[4] = int_string(deadline), rid
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if r and r.state == 'held' and (user == '' or r.user == user) and
    (item == '' or has_item(r.lines)) then
    found = found + 1
    out[#out + 1] = rid
    out[#out + 1] = text
  end
end
if stopped or (not ended and #entries == examine * 2) then out[2] = 1 end
return reply(out)

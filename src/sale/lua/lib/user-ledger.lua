-- Each buyer's ledger is one hash field, "<units held + sold> <id> <id> …" with the
-- reservation ids oldest first: one HGET answers both the limit check and the
-- status page, one HSET updates both. The id list is for the status page only and
-- is bounded, so a purchase costs the same at any number of holdings: beyond
-- min(limit, LEDGER_LISTED) + LEDGER_HISTORY ids, released ones (or ones whose
-- record is gone) are dropped oldest first, then the oldest of any state.
local LEDGER_HISTORY = 8
local LEDGER_LISTED = 100
-- Returns used, ids; used is nil when the field is malformed.
local function read_ledger(user)
  local entry = redis.call('HGET', USERS_KEY, user)
  if not entry then return 0, '' end
  local used, ids = string.match(entry, '^(%d+) ?(.*)$')
  return tonumber(used), ids
end
local function write_ledger(user, used, ids)
  redis.call('HSET', USERS_KEY, user, int_string(used) .. ' ' .. ids)
end
local function trim_ids(ids, cap)
  local list = {}
  for id in string.gmatch(ids, '%S+') do list[#list + 1] = id end
  local excess = #list - cap
  if excess <= 0 then return ids end
  local kept = {}
  for _, id in ipairs(list) do
    local text = excess > 0 and redis.call('HGET', HOLDS_KEY, id)
    local r = text and decode_record(text)
    if excess > 0 and (not r or is_released(r)) then
      excess = excess - 1
    else
      kept[#kept + 1] = id
    end
  end
  local from = 1
  if excess > 0 then from = excess + 1 end
  return table.concat(kept, ' ', from)
end
-- Records a new hold of `qty` units in a ledger read by read_ledger.
local function ledger_add(user, used, ids, rid, qty, limit)
  local list = rid
  if ids ~= '' then
    list = ids .. ' ' .. rid
    local cap = math.min(limit, LEDGER_LISTED) + LEDGER_HISTORY
    -- ids are space separated: gsub's count of spaces + 1 is their number
    if select(2, string.gsub(list, ' ', ' ')) + 1 > cap then list = trim_ids(list, cap) end
  end
  write_ledger(user, used + qty, list)
end

-- Each buyer's ledger is one hash field, "<units held + sold> <id> <id> …" with the
-- reservation ids oldest first: one HGET answers both the limit check and the
-- status page, one HSET updates both. Ids of released holds are dropped oldest
-- first once the list is longer than the limit plus LEDGER_HISTORY, so a buyer who
-- buys and cancels in a loop cannot grow it.
local LEDGER_HISTORY = 8

local function read_ledger(user)
  local entry = redis.call('HGET', USERS_KEY, user)
  if not entry then return 0, '' end
  local used, ids = string.match(entry, '^(%d+) ?(.*)$')
  return tonumber(used), ids
end

local function write_ledger(user, used, ids)
  redis.call('HSET', USERS_KEY, user, int_string(used) .. ' ' .. ids)
end

local function drop_old_releases(ids, limit)
  local list = {}
  for id in string.gmatch(ids, '%S+') do list[#list + 1] = id end
  local excess = #list - (limit + LEDGER_HISTORY)
  if excess <= 0 then return ids end
  local kept = {}
  for _, id in ipairs(list) do
    local text = excess > 0 and redis.call('HGET', HOLDS_KEY, id)
    local r = text and decode_record(text)
    if r and r.state ~= 'held' and r.state ~= 'sold' then
      excess = excess - 1
    else
      kept[#kept + 1] = id
    end
  end
  return table.concat(kept, ' ')
end

-- Records a new hold of `qty` units in a ledger read by read_ledger.
local function ledger_add(user, used, ids, rid, qty, limit)
  local list = rid
  if ids ~= '' then
    list = ids .. ' ' .. rid
    -- ids are space separated: gsub's count of spaces + 1 is their number
    if select(2, string.gsub(list, ' ', ' ')) + 1 > limit + LEDGER_HISTORY then
      list = drop_old_releases(list, limit)
    end
  end
  write_ledger(user, used + qty, list)
end

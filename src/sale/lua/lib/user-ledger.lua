-- Each buyer's ledger is one hash field,
--   "<units held + sold>|<item>=<units>,<item>=<units>|<id> <id> …"
-- with the units per item (items at 0 left out) and the reservation ids oldest
-- first: one HGET answers the sale's and every item's limit check and the status
-- page, one HSET updates them all. The id list is for the status page only and is
-- bounded, so a purchase costs the same at any number of holdings: beyond
-- min(limit, LEDGER_LISTED) + LEDGER_HISTORY ids, released ones (or ones whose
-- record is gone) are dropped oldest first, then the oldest of any state.
local LEDGER_HISTORY = 8
local LEDGER_LISTED = 100
-- Returns { used, items = { id -> units }, ids }, or nil when the field is malformed.
local function read_ledger(user)
  local entry = redis.call('HGET', USERS_KEY, user)
  if not entry then return { used = 0, items = {}, ids = '' } end
  local used, per_item, ids = string.match(entry, '^(%d+)|([^|]*)|(.*)$')
  if not used then return nil end
  local items = {}
  for item, units in string.gmatch(per_item, '([^=,]+)=(%d+)') do items[item] = tonumber(units) end
  return { used = tonumber(used), items = items, ids = ids }
end
local function write_ledger(user, ledger)
  local per_item = {}
  for item, units in pairs(ledger.items) do
    if units > 0 then per_item[#per_item + 1] = item .. '=' .. int_string(units) end
  end
  table.sort(per_item)
  redis.call('HSET', USERS_KEY, user, int_string(ledger.used) .. '|' ..
    table.concat(per_item, ',') .. '|' .. ledger.ids)
end
-- Whether the ledger can give back the units of `lines` (parsed): false for a lost
-- or damaged ledger, so the caller answers -99 before writing anything.
local function ledger_covers(ledger, lines, qty)
  if not ledger or ledger.used < qty then return false end
  for _, line in ipairs(lines) do
    if (ledger.items[line.item] or 0) < line.qty then return false end
  end
  return true
end
-- Moves the units of `lines` into (sign 1) or out of (sign -1) the ledger.
local function ledger_move(ledger, lines, qty, sign)
  ledger.used = ledger.used + sign * qty
  for _, line in ipairs(lines) do
    ledger.items[line.item] = (ledger.items[line.item] or 0) + sign * line.qty
  end
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
-- Records a new hold in a ledger read by read_ledger, and writes it.
local function ledger_add(user, ledger, rid, lines, qty, limit)
  ledger_move(ledger, lines, qty, 1)
  if ledger.ids == '' then
    ledger.ids = rid
  else
    ledger.ids = ledger.ids .. ' ' .. rid
    local cap = math.min(limit, LEDGER_LISTED) + LEDGER_HISTORY
    -- ids are space separated: gsub's count of spaces + 1 is their number
    if select(2, string.gsub(ledger.ids, ' ', ' ')) + 1 > cap then
      ledger.ids = trim_ids(ledger.ids, cap)
    end
  end
  write_ledger(user, ledger)
end

-- Each buyer's ledger is one hash field,
--   "<units held + sold>|<item>=<units>,<item>=<units>|<id> <id> …"
-- with the units per item (items at 0 left out, in no particular order) and the
-- reservation ids oldest
-- first: one HGET answers the sale's and every item's limit check and the status
-- page, one HSET updates them all. The id list is for the status page only and is
-- bounded, so a purchase costs the same at any number of holdings: beyond
-- min(limit, LEDGER_LISTED) + LEDGER_HISTORY ids, released ones (or ones whose
-- record is gone) are dropped oldest first, then the oldest of any state.
local LEDGER_HISTORY = 8
local LEDGER_LISTED = 100
-- The ledger's parts as values, not a table: used (nil when the field is
-- malformed), per_item (the "<item>=<units>,…" text), and where the ids start in
-- the entry (ledger_ids): a purchase refused at the limit reads no more than it
-- needs. The per-item text is searched and edited in place, never parsed into a
-- table: a purchase touches one or a few items of it.
local function ledger_parts(user)
  local entry = redis.call('HGET', USERS_KEY, user)
  if not entry then return 0, '', '', 1 end
  local used, per_item, ids_at = string.match(entry, '^(%d+)|([^|]*)|()')
  return used and int_value(used), per_item, entry, ids_at
end
-- The ledger's id list, from ledger_parts' last two values.
local function ledger_ids(entry, ids_at)
  return string.sub(entry, ids_at)
end
-- The ledger as { used, per_item, ids }, or nil when the field is malformed.
local function read_ledger(user)
  local used, per_item, entry, ids_at = ledger_parts(user)
  if not used then return nil end
  return { used = used, per_item = per_item, ids = ledger_ids(entry, ids_at) }
end
local function write_ledger_parts(user, used, per_item, ids)
  redis.call('HSET', USERS_KEY, user, int_texts[used] .. '|' .. per_item .. '|' .. ids)
end
local function write_ledger(user, ledger)
  write_ledger_parts(user, ledger.used, ledger.per_item, ledger.ids)
end
-- The units of `item` in a per-item text, and where its entry starts and ends.
local function find_units(per_item, item)
  local key = item .. '='
  local at = 1
  while true do
    local from, to = string.find(per_item, key, at, true)
    if not from then return 0 end
    if from == 1 or string.sub(per_item, from - 1, from - 1) == ',' then
      local digits = string.match(per_item, '^%d+', to + 1)
      return int_value(digits), from, to + #digits
    end
    at = to + 1
  end
end
-- The per-item text with `delta` more units of `item` (its entry dropped at 0),
-- found and edited in one pass.
local function add_units(per_item, item, delta)
  if per_item == '' then -- a buyer's first units: nothing to find
    if delta > 0 then return item .. '=' .. int_texts[delta] end
    return ''
  end
  local units, from, last = find_units(per_item, item)
  units = units + delta
  local entry = ''
  if units > 0 then entry = item .. '=' .. int_string(units) end
  if not from then
    if entry == '' then return per_item end
    if per_item == '' then return entry end
    return per_item .. ',' .. entry
  end
  local before, after = string.sub(per_item, 1, from - 1), string.sub(per_item, last + 1)
  if entry ~= '' then return before .. entry .. after end
  if before == '' then return string.sub(after, 2) end -- after is '' or starts with ','
  return string.sub(before, 1, -2) .. after
end
-- Whether the ledger can give back the units of `lines` (parsed): false for a lost
-- or damaged ledger, so the caller answers -99 before writing anything.
local function ledger_covers(ledger, lines, qty)
  if not ledger or ledger.used < qty then return false end
  for i = 1, #lines do
    if find_units(ledger.per_item, lines[i].item) < lines[i].qty then return false end
  end
  return true
end
-- Moves the units of `lines` into (sign 1) or out of (sign -1) the ledger.
local function ledger_move(ledger, lines, qty, sign)
  ledger.used = ledger.used + sign * qty
  for i = 1, #lines do
    ledger.per_item = add_units(ledger.per_item, lines[i].item, sign * lines[i].qty)
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
-- Records a new hold in a ledger read by ledger_parts, and writes it.
-- (ledger_move, without its table: a purchase adds one hold per decision)
local function ledger_add(user, used, per_item, ids, rid, lines, qty, limit)
  for i = 1, #lines do per_item = add_units(per_item, lines[i].item, lines[i].qty) end
  if ids == '' then
    ids = rid
  else
    ids = ids .. ' ' .. rid
    local cap = math.min(limit, LEDGER_LISTED) + LEDGER_HISTORY
    -- ids are space separated: gsub's count of spaces + 1 is their number
    if select(2, string.gsub(ids, ' ', ' ')) + 1 > cap then ids = trim_ids(ids, cap) end
  end
  write_ledger_parts(user, used + qty, per_item, ids)
end

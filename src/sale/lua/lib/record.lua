-- A reservation record is one string:
--   state|quantity|createdMs|deadlineMs|endedMs|op|idemLength|userLength|lines|
--   <idempotency key><user id><metadata>
-- quantity is the total over the lines; lines is "<item>:<qty>,<item>:<qty>…" in
-- the order the buyer gave them (item ids never contain ':', ',' or '|').
-- endedMs is empty while the hold is held. op is the token of the call that last
-- changed the hold (so a re-sent call can tell its own first run's work), '' until
-- then. The idempotency key ('' for none), the user id and the metadata ('' for
-- none) come last, split by length, so any bytes in them can never be mistaken
-- for a field. States: held, sold, cancelled, expired, failed (the last three are
-- "released").
local function decode_record(text)
  local state, qty, created, deadline, ended, op, idem_length, user_length, lines, rest =
    string.match(text, '^(%a+)|(%d+)|(%d+)|(%d+)|(%d*)|([^|]*)|(%d+)|(%d+)|([^|]*)|(.*)$')
  if not state then return nil end
  local idem_end = tonumber(idem_length)
  local user_end = idem_end + tonumber(user_length)
  return {
    state = state, qty = tonumber(qty), created = tonumber(created),
    deadline = tonumber(deadline), ended = ended, op = op, lines = lines,
    idem = string.sub(rest, 1, idem_end), user = string.sub(rest, idem_end + 1, user_end),
    metadata = string.sub(rest, user_end + 1),
  }
end
local function encode_record(r)
  return r.state .. '|' .. int_texts[r.qty] .. '|' .. int_texts[r.created] .. '|' ..
    int_texts[r.deadline] .. '|' .. r.ended .. '|' .. r.op .. '|' .. int_texts[#r.idem] .. '|' ..
    int_texts[#r.user] .. '|' .. r.lines .. '|' .. r.idem .. r.user .. r.metadata
end
-- The record of a new hold: encode_record of { state = 'held', ended = '', op = '', … },
-- without building that table (a purchase makes one per decision; a table of ten
-- fields costs Redis about as much as an HGET).
local function encode_hold(qty, created, deadline, idem, user, lines, metadata)
  return 'held|' .. int_texts[qty] .. '|' .. int_texts[created] .. '|' .. int_texts[deadline] ..
    '|||' .. int_texts[#idem] .. '|' .. int_texts[#user] .. '|' .. lines .. '|' .. idem .. user ..
    metadata
end
-- The lines of a record (or of a request) as a list of { item, qty }.
local function parse_lines(lines)
  if not string.find(lines, ',', 1, true) then -- one line: the common case, one match
    local item, qty = string.match(lines, '^([^:,]+):(%d+)$')
    if not item then return {} end
    return { { item = item, qty = tonumber(qty) } }
  end
  local list = {}
  for item, qty in string.gmatch(lines, '([^:,]+):(%d+)') do
    list[#list + 1] = { item = item, qty = tonumber(qty) }
  end
  return list
end
-- Released: ended, and not sold.
local function is_released(r)
  return r.state ~= 'held' and r.state ~= 'sold'
end

-- A reservation record is one string: state|quantity|createdMs|deadlineMs|endedMs|userId
-- The user id comes last and runs to the end, so any bytes in it ('|', '{', newlines)
-- can never be mistaken for a field. endedMs is empty while the hold is held.
-- States: held, sold, cancelled, expired, failed (the last three are "released").
local function decode_record(text)
  local state, qty, created, deadline, ended, user =
    string.match(text, '^(%a+)|(%d+)|(%d+)|(%d+)|(%d*)|(.*)$')
  return {
    state = state, qty = tonumber(qty), created = tonumber(created),
    deadline = tonumber(deadline), ended = ended, user = user,
  }
end

local function encode_record(r)
  return r.state .. '|' .. int_string(r.qty) .. '|' .. int_string(r.created) .. '|' ..
    int_string(r.deadline) .. '|' .. r.ended .. '|' .. r.user
end

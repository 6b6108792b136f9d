-- A reservation record is one string:
--   state|quantity|createdMs|deadlineMs|endedMs|op|idemLength|<idempotency key><user id>
-- endedMs is empty while the hold is held. op is the token of the call that ended
-- the hold (so a re-sent call can tell its own first run's work), '' until then.
-- The idempotency key ('' for none) and the user id come last, split by length, so
-- any bytes in them ('|', '{', newlines) can never be mistaken for a field.
-- States: held, sold, cancelled, expired, failed (the last three are "released").
local function decode_record(text)
  local state, qty, created, deadline, ended, op, idem_length, rest =
    string.match(text, '^(%a+)|(%d+)|(%d+)|(%d+)|(%d*)|([^|]*)|(%d+)|(.*)$')
  if not state then return nil end
  local split = tonumber(idem_length)
  return {
    state = state, qty = tonumber(qty), created = tonumber(created),
    deadline = tonumber(deadline), ended = ended, op = op,
    idem = string.sub(rest, 1, split), user = string.sub(rest, split + 1),
  }
end
local function encode_record(r)
  return r.state .. '|' .. int_string(r.qty) .. '|' .. int_string(r.created) .. '|' ..
    int_string(r.deadline) .. '|' .. r.ended .. '|' .. r.op .. '|' .. #r.idem .. '|' ..
    r.idem .. r.user
end
-- Released: ended, and not sold.
local function is_released(r)
  return r.state ~= 'held' and r.state ~= 'sold'
end

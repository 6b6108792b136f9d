-- Appends one hold event to the sale's outbox stream, in the same script that made
-- the change, so an event exists exactly when its change does. The stream entry id
-- is the event's identity; the outbox worker trims what it has delivered.
local function emit(enabled, sale_id, type, rid, r, now)
  if enabled ~= '1' then return end
  redis.call('XADD', EVENTS_KEY, '*', 'type', type, 'sale', sale_id, 'rid', rid,
    'user', r.user, 'qty', int_string(r.qty), 'at', int_string(now),
    'deadline', int_string(r.deadline))
end

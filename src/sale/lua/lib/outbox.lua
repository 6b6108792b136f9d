-- Appends one hold event to the sale's outbox stream, in the same script that made
-- the change, so an event exists exactly when its change does. An event is named by
-- its reservation and type (src/orders/outbox/order-event.ts) and carries the
-- reservation's lines and metadata, so a sink can write a complete order; the
-- outbox worker trims the entries it has delivered.
local emitted_any = false -- whether this call appended an event (lib/retention.lua)
local function emit(enabled, sale_id, type, rid, r, now)
  if enabled ~= '1' then return end
  emitted_any = true
  if r.metadata == '' then -- no metadata: no field for it
    redis.call('XADD', EVENTS_KEY, '*', 'type', type, 'sale', sale_id, 'rid', rid,
      'user', r.user, 'qty', int_string(r.qty), 'at', int_string(now),
      'deadline', int_string(r.deadline), 'lines', r.lines)
  else
    redis.call('XADD', EVENTS_KEY, '*', 'type', type, 'sale', sale_id, 'rid', rid,
      'user', r.user, 'qty', int_string(r.qty), 'at', int_string(now),
      'deadline', int_string(r.deadline), 'lines', r.lines, 'meta', r.metadata)
  end
end

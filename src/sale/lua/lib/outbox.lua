-- Appends one hold event to the sale's outbox stream, in the same script that made
-- the change, so an event exists exactly when its change does. An event is named by
-- its reservation and type (src/orders/outbox/order-event.ts) and carries the
-- reservation's lines and metadata, so a sink can write a complete order; the
-- outbox worker trims the entries it has delivered.
local emitted_any = false -- whether this call appended an event (lib/retention.lua)
-- The event from its parts (a purchase has no record table to pass).
local function emit_event(enabled, sale_id, type, rid, user, qty, now, deadline, lines, metadata)
  if enabled ~= '1' then return end
  emitted_any = true
  if metadata == '' then -- no metadata: no field for it
    redis.call('XADD', EVENTS_KEY, '*', 'type', type, 'sale', sale_id, 'rid', rid,
      'user', user, 'qty', int_texts[qty], 'at', int_texts[now],
      'deadline', int_texts[deadline], 'lines', lines)
  else
    redis.call('XADD', EVENTS_KEY, '*', 'type', type, 'sale', sale_id, 'rid', rid,
      'user', user, 'qty', int_texts[qty], 'at', int_texts[now],
      'deadline', int_texts[deadline], 'lines', lines, 'meta', metadata)
  end
end
local function emit(enabled, sale_id, type, rid, r, now)
  emit_event(enabled, sale_id, type, rid, r.user, r.qty, now, r.deadline, r.lines, r.metadata)
end

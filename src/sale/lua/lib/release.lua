-- Ends a held reservation as released (reason: cancelled, expired or failed): the
-- units go back to stock (meta's counters; the caller writes them) and to the
-- user's allowance in the same atomic step, and the change is recorded in the
-- outbox. The caller has checked r.state == 'held'. Returns false, having written
-- nothing, when the buyer's ledger cannot hold this reservation (a lost or damaged
-- key): the caller answers -99.
local function release_hold(meta, rid, r, reason, now, op)
  local used, ids = read_ledger(r.user)
  if not used or used < r.qty then return false end
  r.state = reason
  r.ended = int_string(now)
  r.op = op
  redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
  redis.call('ZREM', DEADLINES_KEY, rid)
  meta.available = meta.available + r.qty
  meta.held = meta.held - r.qty
  write_ledger(r.user, used - r.qty, ids)
  remember_release(meta, rid, now)
  emit(meta.outbox, meta.saleId, reason, rid, r, now)
  return true
end

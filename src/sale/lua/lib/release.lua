-- Ends a held reservation as released (reason: cancelled, expired or failed): the
-- units go back to stock and to the user's allowance in the same atomic step, and
-- the change is recorded in the outbox. The caller has checked r.state == 'held'.
local function release_hold(meta, rid, r, reason, now)
  r.state = reason
  r.ended = int_string(now)
  redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
  redis.call('ZREM', DEADLINES_KEY, rid)
  redis.call('HINCRBY', META_KEY, 'available', r.qty)
  redis.call('HINCRBY', META_KEY, 'held', -r.qty)
  local used, ids = read_ledger(r.user)
  write_ledger(r.user, used - r.qty, ids)
  emit(meta.outbox, meta.saleId, reason, rid, r, now)
end

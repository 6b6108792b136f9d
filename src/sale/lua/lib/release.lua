-- Ending a hold. The caller has checked r.state == 'held'.
-- What releasing or selling `r` touches, checked before anything is written:
-- returns lines, items, ledger; or nil when an item or the buyer's ledger is lost
-- or damaged (the caller answers -99, having written nothing).
local function hold_parts(r, with_ledger)
  local lines = parse_lines(r.lines)
  local items = {}
  for i, line in ipairs(lines) do
    local it = get_item(line.item)
    if not it or it.held < line.qty then return nil end
    items[i] = it
  end
  if not with_ledger then return lines, items end
  local ledger = read_ledger(r.user)
  if not ledger_covers(ledger, lines, r.qty) then return nil end
  return lines, items, ledger
end
-- Ends a held reservation as released (reason: cancelled, expired or failed): the
-- units go back to each item's stock (meta's and the items' counters; the caller
-- writes them) and to the buyer's allowance in the same atomic step, and the
-- change is recorded in the outbox. Returns false, having written nothing, when
-- an item or the buyer's ledger cannot take this reservation back.
local function release_hold(meta, rid, r, reason, now, op)
  local lines, items, ledger = hold_parts(r, true)
  if not lines then return false end
  r.state = reason
  r.ended = int_string(now)
  r.op = op
  redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
  redis.call('ZREM', DEADLINES_KEY, rid)
  for i, line in ipairs(lines) do move_units(meta, items[i], line.qty, 'held', 'available') end
  ledger_move(ledger, lines, r.qty, -1)
  write_ledger(r.user, ledger)
  remember_release(meta, rid, now)
  emit(meta.outbox, meta.saleId, reason, rid, r, now)
  return true
end

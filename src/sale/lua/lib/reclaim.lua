-- Overdue holds come back without a sweeper: a purchase that finds too little
-- stock, or a buyer at their limit, first releases holds whose deadline has
-- passed (as 'expired', exactly as expire() would), at most RECLAIM_PER_CALL per
-- script call so one call stays short. The ExpirySweeper only makes it prompter.
local RECLAIM_PER_CALL = 16
local reclaim_budget = RECLAIM_PER_CALL
local reclaimed_any = false
-- Whether the sale has any overdue hold: asked once per call (one ZRANGEBYSCORE),
-- so refusals cost nothing extra while no hold is overdue.
local overdue_known = nil
local function any_overdue(now)
  if overdue_known == nil then
    overdue_known = #redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT',
      0, 1) > 0
  end
  return overdue_known
end
-- Releases the held, overdue reservation `rid` if it is one; false if its ledger is damaged.
local function reclaim_one(meta, rid, now)
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if not r or r.state ~= 'held' then
    redis.call('ZREM', DEADLINES_KEY, rid)
    return true
  end
  if r.deadline > now then return true end
  reclaim_budget = reclaim_budget - 1
  if not release_hold(meta, rid, r, 'expired', now, '') then
    reclaim_budget = 0
    return false
  end
  reclaimed_any = true
  return true
end
-- Oldest deadlines first (of any item: every overdue hold is due back anyway),
-- until `needed` units of item `it` are available or the budget is spent.
local function reclaim_stock(meta, it, needed, now)
  while it.available < needed and reclaim_budget > 0 and any_overdue(now) do
    local due = redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT', 0, 1)
    if #due == 0 then
      overdue_known = false
      return
    end
    reclaim_budget = reclaim_budget - 1
    reclaim_one(meta, due[1], now)
  end
end
-- The buyer's own overdue holds (the ids of a ledger read by ledger_parts). True
-- if any was released.
local function reclaim_own(meta, entry, ids_at, now)
  if not any_overdue(now) then return false end
  local ids = ledger_ids(entry, ids_at)
  local before = meta.available
  for rid in string.gmatch(ids, '%S+') do
    if reclaim_budget <= 0 then break end
    local text = redis.call('HGET', HOLDS_KEY, rid)
    local r = text and decode_record(text)
    if r and r.state == 'held' and r.deadline <= now then reclaim_one(meta, rid, now) end
  end
  return meta.available ~= before
end

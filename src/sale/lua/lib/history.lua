-- Released records are kept for meta.historyMs after they end (so a buyer's page
-- and a late retry still see what happened), then dropped with their idempotency
-- entry: a long sale of buyers reserving and cancelling in a loop stays bounded.
-- Every mutating script drops a few due records, so no sweeper is needed for it.
local PRUNE_PER_CALL = 8
local function remember_release(meta, rid, now)
  redis.call('ZADD', ENDED_KEY, int_string(now + meta.historyMs), rid)
end
local function prune_history(now)
  local due = redis.call('ZRANGEBYSCORE', ENDED_KEY, '-inf', int_string(now), 'LIMIT', 0,
    PRUNE_PER_CALL)
  for _, rid in ipairs(due) do
    local text = redis.call('HGET', HOLDS_KEY, rid)
    local r = text and decode_record(text)
    if r and is_released(r) then
      if r.idem ~= '' and redis.call('HGET', IDEMPOTENCY_KEY, r.idem) == rid then
        redis.call('HDEL', IDEMPOTENCY_KEY, r.idem)
      end
      redis.call('HDEL', HOLDS_KEY, rid)
    end
    redis.call('ZREM', ENDED_KEY, rid)
  end
end

-- @include outbox
-- Every key of a sale expires at one fixed instant, meta.expireAt = endMs + holdMs
-- + retainMs (set by preload): after the last hold the sale can make has run out,
-- plus the retention. A sale without endMs can sell for ever, so its keys have no
-- expiry.
--
-- Preload creates every key with its expiry, and puts a keeper in each hash and
-- sorted set (the field '' in a hash, the member '' scored past any time in a
-- sorted set; no id, user or idempotency key is ever empty), so no key of a live
-- sale is ever emptied: Redis never deletes it, and no later write can create it
-- again without its expiry. So writes need not re-apply the expiry, each
-- PEXPIREAT costing Redis about as much as a purchase decision's own work. The one
-- exception is the outbox stream: only its first entry can create it (an empty
-- stream cannot be made portably), so a script that appended events gives the
-- stream the sale's expiry (keep_events_with_sale).
local KEEPER = ''
local KEEPER_SCORE = '1e16' -- ms, past any deadline or drop time (Date ends at 8.64e15)
local function keep_with_sale(meta)
  for _, key in ipairs({ HOLDS_KEY, USERS_KEY, IDEMPOTENCY_KEY }) do
    redis.call('HSET', key, KEEPER, '')
  end
  for _, key in ipairs({ DEADLINES_KEY, ENDED_KEY }) do
    redis.call('ZADD', key, KEEPER_SCORE, KEEPER)
  end
  for i = 1, SALE_KEY_COUNT do
    if meta.expireAt then
      redis.call('PEXPIREAT', KEYS[i], meta.expireAt)
    else
      redis.call('PERSIST', KEYS[i])
    end
  end
end
local function keep_events_with_sale(meta)
  if emitted_any and meta.expireAt then redis.call('PEXPIREAT', EVENTS_KEY, meta.expireAt) end
end

--[[ begin-4.lua: decide which of a worker's candidate entries go to the sink now,
and count the attempt before the write, so a worker that crashes mid-write has
used an attempt too. Candidates come oldest first; each gets one verdict:
  l  lost: no longer pending at this consumer (another one reclaimed it): drop it
  x  exhausted: max attempts started, none acknowledged: dead-letter it
  d  deferred: a later event of a reservation whose 'reserved' event is neither
     written nor dead-lettered yet: keep it, try again later (no attempt used)
  n  not now: an entry that failed before is written alone; wait a turn
  w  write: attempt counted
Writing a failed entry alone keeps one bad event from taking its batch-mates to
the dead-letter stream.

Safe to run twice (ioredis re-sends a call whose reply was lost after a
reconnect): each call carries a token unique to it, and an entry's attempt is
stored with the token of the call that counted it (`<id>:by`). A second run of
the same call finds its own token, counts nothing and answers the same verdict
with the same prior attempts. Writes nothing when the sale is gone.

KEYS[1] events stream   KEYS[2] delivered hash   KEYS[3] attempts hash
KEYS[4] the sale's meta hash (for the lifetime of KEYS[3])
ARGV[1] group   ARGV[2] consumer   ARGV[3] max attempts   ARGV[4] call token
ARGV[5..] per candidate: entry id, reservation id, event type
Returns { verdicts, attempts }: one letter per candidate, and the attempts each
        had started before this call, space-separated; SALE_GONE (-1) when the
        sale's meta key does not exist
]]
-- @include pending-owner
-- @include keep-with-sale

local EVENTS, DELIVERED, ATTEMPTS = KEYS[1], KEYS[2], KEYS[3]
local group, consumer, max_attempts, token = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local lifetime = sale_lifetime(KEYS[4])
if lifetime == nil then return SALE_GONE end
local in_batch = {}

-- A later event may go once its reservation's 'reserved' event is settled: in this
-- batch, written or dead-lettered (marked), or never in the outbox at all (no
-- older entry is pending in the group, so none can be that event).
local function reserved_settled(rid, id)
  if in_batch[rid] or redis.call('HEXISTS', DELIVERED, rid) == 1 then return true end
  return #redis.call('XPENDING', EVENTS, group, '-', '(' .. id, 1) == 0
end

local verdicts, priors = {}, {}
local selected, alone = 0, false
for i = 5, #ARGV, 3 do
  local id, rid, kind = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local counted = redis.call('HMGET', ATTEMPTS, id, id .. ':by')
  local prior = tonumber(counted[1]) or 0
  -- this very call counted it already (a re-sent call): the first run's verdict
  local replay = counted[2] == token
  if replay then prior = prior - 1 end
  local verdict
  if pending_owner(EVENTS, group, id) ~= consumer then
    verdict = 'l'
  elseif not replay and prior >= max_attempts then
    verdict = 'x'
  elseif not replay and kind ~= 'reserved' and not reserved_settled(rid, id) then
    verdict = 'd'
  elseif not replay and (alone or (prior > 0 and selected > 0)) then
    verdict = 'n'
  else
    verdict = 'w'
    selected = selected + 1
    alone = prior > 0
    if not replay then
      redis.call('HINCRBY', ATTEMPTS, id, 1)
      redis.call('HSET', ATTEMPTS, id .. ':by', token)
    end
    if kind == 'reserved' then in_batch[rid] = true end
  end
  verdicts[#verdicts + 1] = verdict
  priors[#priors + 1] = tostring(prior)
end
if selected > 0 then keep_with_sale(lifetime, { ATTEMPTS }) end
return { table.concat(verdicts), table.concat(priors, ' ') }

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

KEYS[1] events stream   KEYS[2] delivered hash   KEYS[3] attempts hash
KEYS[4] the sale's meta hash (for the lifetime of KEYS[3])
ARGV[1] group   ARGV[2] consumer   ARGV[3] max attempts
ARGV[4..] per candidate: entry id, reservation id, event type
Returns { verdicts, attempts }: one letter per candidate, and the attempts each
        had started before this call, space-separated
]]
-- @include pending-owner
-- @include keep-with-sale

local EVENTS, DELIVERED, ATTEMPTS = KEYS[1], KEYS[2], KEYS[3]
local group, consumer, max_attempts = ARGV[1], ARGV[2], tonumber(ARGV[3])
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
for i = 4, #ARGV, 3 do
  local id, rid, kind = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local prior = tonumber(redis.call('HGET', ATTEMPTS, id)) or 0
  local verdict
  if pending_owner(EVENTS, group, id) ~= consumer then
    verdict = 'l'
  elseif prior >= max_attempts then
    verdict = 'x'
  elseif kind ~= 'reserved' and not reserved_settled(rid, id) then
    verdict = 'd'
  elseif alone or (prior > 0 and selected > 0) then
    verdict = 'n'
  else
    verdict = 'w'
    selected = selected + 1
    alone = prior > 0
    redis.call('HINCRBY', ATTEMPTS, id, 1)
    if kind == 'reserved' then in_batch[rid] = true end
  end
  verdicts[#verdicts + 1] = verdict
  priors[#priors + 1] = tostring(prior)
end
if selected > 0 then keep_with_sale(KEYS[4], { ATTEMPTS }) end
return { table.concat(verdicts), table.concat(priors, ' ') }

-- Rate limits of purchase attempts, per user and per client key (the sale's
-- `rateLimit`, stored by preload in the meta field 'rateLimit' as
-- "<user attempts> <user window ms> <client attempts> <client window ms>", 0 attempts
-- for a kind without a limit).
--
-- GCRA (the generic cell rate algorithm): a rule of `attempts` per `window` ms has
-- an emission interval T = window / attempts and a tolerance tau = window - T.
-- Each member (user or client key) has a theoretical arrival time TAT, the instant
-- its budget is whole again if it stops now. An attempt at `now` is allowed when
-- max(TAT, now) - now <= tau, and then moves TAT to max(TAT, now) + T; a refused
-- attempt moves nothing (it is told to wait TAT - tau - now ms). So a burst of
-- `attempts` passes at once, then one attempt every T. One number per member, set
-- in O(1): no log of attempts as a sliding window keeps.
--
-- Exactness: T is rounded to a multiple of 1/1024 ms. TATs are then dyadic numbers
-- of at most 51 significant bits (41 for the epoch ms, 10 for the fraction), so
-- every sum and comparison below is exact in a double: the burst is exactly
-- `attempts` (tau is exactly (attempts - 1) * T), and the sustained rate is off
-- by at most 1/2048 ms per attempt. Preload refuses rules with T < 1 ms.
--
-- Storage: RATE_KEY, one sorted set of the sale (its hash tag), member 'u:<user
-- id>' or 'c:<client key>', score its TAT (ms). A member whose TAT has passed
-- counts as absent, so a call that wrote drops those (ZREMRANGEBYSCORE): an entry
-- lives at most one window, and the set holds only members active in the last
-- window. Its keeper (lib/retention.lua's member '') is scored with the sale's
-- expireAt: when a call that wrote finds another score (the key is new, or lost,
-- or a forced preload moved the sale's end), it gives the key the sale's expiry.
-- A call reads the TATs of all its members and the keeper's score in one ZMSCORE
-- before deciding (rate_prefetch), and writes once at its end (one ZADD for every
-- member it moved): a limit costs a decision no Redis call of its own.
-- @include portable
-- @include clock
-- @include retention
local RATE_KEY = nil -- the including script's key, given to read_rate_limits
local rate_user_rule, rate_client_rule = nil, nil
local rate_tats = {}  -- member -> its TAT as this call knows it (false: none)
local rate_moved = {} -- members this call moved, in order
local rate_keeper = nil -- the keeper's score as read (nil: none)
local RATE_STEPS = 1024.0

local function rate_rule(attempts_text, window_text)
  local attempts = tonumber(attempts_text) * 1.0 -- floats: fengari has 32-bit integers
  if attempts == 0 then return nil end
  local t = math.floor(tonumber(window_text) * RATE_STEPS / attempts + 0.5) / RATE_STEPS
  return { t = t, tau = (attempts - 1.0) * t }
end

-- Reads the sale's rules (meta.rateLimit) for `key`, the sale's rate-limit set;
-- false when the field is malformed (damaged data).
local function read_rate_limits(text, key)
  RATE_KEY = key
  if not text then return true end
  local ua, uw, ca, cw = string.match(text, '^(%d+) (%d+) (%d+) (%d+)$')
  if not ua then return false end
  rate_user_rule = rate_rule(ua, uw)
  rate_client_rule = rate_rule(ca, cw)
  return true
end

local function rate_tat(member)
  local tat = rate_tats[member]
  if tat == nil then
    -- a missing member is false in Redis, a null userdata in ioredis-mock
    tat = tonumber(redis.call('ZSCORE', RATE_KEY, member)) or false
    rate_tats[member] = tat
  end
  return tat
end

-- Reads the TATs of `members` (repeats allowed) and the keeper's score, in one call.
local function rate_prefetch(members)
  local list = { KEEPER }
  for i = 1, #members do
    local member = members[i]
    if rate_tats[member] == nil then
      rate_tats[member] = false
      list[#list + 1] = member
    end
  end
  local scores = redis.call('ZMSCORE', RATE_KEY, unpack_list(list))
  -- a missing member is false in Redis, a null userdata in ioredis-mock
  rate_keeper = tonumber(scores[1])
  for i = 2, #list do rate_tats[list[i]] = tonumber(scores[i]) or false end
end

-- One rule's verdict for `member`: its new TAT when allowed, else nil and the wait (ms).
local function rate_check(rule, member, now)
  local tat = rate_tat(member)
  if not tat or tat < now then tat = now end
  if tat - now > rule.tau then return nil, tat - rule.tau - now end
  return tat + rule.t, 0
end

local function rate_move(member, tat)
  if not rate_moved[member] then
    rate_moved[member] = true
    rate_moved[#rate_moved + 1] = member
  end
  rate_tats[member] = tat
end

-- One attempt of `user` (and `client`, '' for none) at `now`: nil when both
-- limits allow it (and it is counted against both), else the ms to wait (the
-- longer of the two waits), counted against neither.
local function rate_limited(user, client, now)
  local user_member, user_tat, client_member, client_tat
  local wait = 0
  if rate_user_rule then
    user_member = 'u:' .. user
    local w
    user_tat, w = rate_check(rate_user_rule, user_member, now)
    if w > wait then wait = w end
  end
  if rate_client_rule and client ~= '' then
    client_member = 'c:' .. client
    local w
    client_tat, w = rate_check(rate_client_rule, client_member, now)
    if w > wait then wait = w end
  end
  if wait > 0 then return math.ceil(wait) end
  if user_tat then rate_move(user_member, user_tat) end
  if client_tat then rate_move(client_member, client_tat) end
  return nil
end

-- A score as Redis takes it: exact (a multiple of 1/1024 has at most 10 decimals).
local function rate_score(tat)
  if tat == math.floor(tat) then return int_string(tat) end
  return string.format('%.10f', tat)
end

-- Writes what this call moved, keeps the key with the sale and drops passed TATs.
local function write_rate_limits(meta, now)
  local count = #rate_moved
  if count == 0 then return end
  local args = {}
  for i = 1, count do
    local member = rate_moved[i]
    args[2 * i - 1] = rate_score(rate_tats[member])
    args[2 * i] = member
  end
  redis.call('ZADD', RATE_KEY, unpack_list(args))
  local expire_at = meta.expireAt
  if rate_keeper ~= tonumber(expire_at or KEEPER_SCORE) then
    redis.call('ZADD', RATE_KEY, expire_at or KEEPER_SCORE, KEEPER)
    if expire_at then
      redis.call('PEXPIREAT', RATE_KEY, expire_at)
    else
      redis.call('PERSIST', RATE_KEY)
    end
  end
  redis.call('ZREMRANGEBYSCORE', RATE_KEY, '-inf', int_string(now))
end

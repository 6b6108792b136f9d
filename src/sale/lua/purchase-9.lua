--[[ purchase-9.lua: reserve units for a batch of buyers, each request one line or
a cart of several lines, all or nothing.

Requests are decided one after another, in order, each with exactly the
semantics it would have alone; batching only saves round trips. For each: the
idempotency key (a retry returns its original reservation), the purchase token
(lib/purchase-token.lua: when given or required; a good one is used up), the sale's rate limits
per user and per client key (lib/rate-limit.lua: a refused attempt counts for
nothing, a retry of a known idempotency key costs no attempt), the sale window, the
items, each line's stock, then the sale's and each item's per-user limit are
checked (overdue holds are reclaimed first when stock or the buyer's allowance is
short: lib/reclaim.lua); only when every line passes is a hold created, with a
deadline from Redis TIME, the counters move and a 'reserved' event goes to the
outbox. A refused cart changes nothing.

Reservation ids are drawn by the client (random, so they stay unique when Redis
loses recent writes or a sale id is reused, and leak nothing). A re-sent call
(ioredis re-sends unanswered commands after a reconnect) finds its own first run's
records under those ids and answers as the first run did. A batch whose first run
made a hold marks the call's op key; only a batch that finds the mark pays for
checking its refusals against its ids, so refusals stay one ledger read. A call of
one request skips the mark and checks its one id when it refuses.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
KEYS[9]     the sale's rate-limit set (same hash tag; lib/rate-limit.lua), which
            also holds the purchase tokens used (lib/purchase-token.lua)
ARGV[1]     n, the number of requests; then seven arguments per request i:
ARGV[7i-5]  reservation id (drawn by the client)
ARGV[7i-4]  user id (any bytes)
ARGV[7i-3]  lines: "<item>:<qty>,…" (distinct items, qty >= 1)
ARGV[7i-2]  idempotency key, or '' for none
ARGV[7i-1]  metadata (any bytes), or '' for none
ARGV[7i]    client key (any bytes), or '' for none
ARGV[7i+1]  purchase token "<id>:<expires ms>" (its signature checked by the
            client), or '' for none
ARGV[7n+2]  how long the op key is kept (ms)
Returns     a flat list of 3n entries: code, detail, record, where code is
             1 reserved, 2 replayed (idempotency key seen; the original, any state),
            -1 not loaded, -2 not started, -3 ended, -4 sold out,
            -5 insufficient stock, -6 limit reached (the sale's or the item's),
            -7 idempotency key already used with another user or other lines,
            -8 rate limited (the user's or the client key's attempts),
            -9 invalid token (none where the sale requires one, expired, used),
            -14 no such item in the catalog,
            -99 the sale's data is damaged (a key lost or malformed);
            detail is the reservation id when code > 0, the 1-based number of the
            line refused for -4, -5, -6 and -14, else ''; record is the reservation
            record when code > 0, for -4 the ms until the sale's earliest hold is
            due when the item has holds ('' when it has none), for -8 the ms to
            wait before the next attempt can pass (>= 1), else ''.
Publishes   on '<prefix>{sale}:reopened' the items that had no units and have
            some again after this call (lib/items.lua write_counters).
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include items
-- @include outbox
-- @include user-ledger
-- @include history
-- @include release
-- @include reclaim
-- @include retention
-- @include rate-limit
-- @include purchase-token

local OP_KEY = KEYS[8]
local n = tonumber(ARGV[1])
local STRIDE = 7 -- arguments per request
-- The requests of one call mostly name the same lines ('default:1' for every
-- buyer of a one-item sale): each distinct text is parsed once per call, and its
-- lines (which decide() annotates with their item) are shared, read-only after.
local parsed_lines = {}
local function lines_of(text)
  local lines = parsed_lines[text]
  if not lines then
    lines = parse_lines(text)
    parsed_lines[text] = lines
  end
  return lines
end

-- What a purchase reads of the sale's hash: its config and counters (not the
-- totals it never changes), and the items its requests name, all in one HMGET
-- (up to PREFETCH_ITEMS of them; a cart's further items are read when reached).
local PURCHASE_FIELDS = { 'saleId', 'limit', 'holdMs', 'historyMs', 'startMs', 'endMs', 'expireAt',
  'outbox', 'rateLimit', 'tokens', 'available', 'held', 'sold' }
local PURCHASE_NUMBERS = { 'limit', 'holdMs', 'historyMs', 'available', 'held', 'sold' }
local PREFETCH_ITEMS = 16
local prefetch_ids, prefetch_fields = {}, {}
do
  local seen = {}
  for i = 1, n do
    local lines = lines_of(ARGV[STRIDE * i - 3])
    for j = 1, #lines do
      local id = lines[j].item
      if not seen[id] and #prefetch_ids < PREFETCH_ITEMS then
        seen[id] = true
        prefetch_ids[#prefetch_ids + 1] = id
        prefetch_fields[#prefetch_fields + 1] = 'item:' .. id
      end
    end
  end
end
local meta, item_texts = read_meta(PURCHASE_FIELDS, PURCHASE_NUMBERS, prefetch_fields)
for i = 1, #prefetch_ids do cache_item(prefetch_ids[i], item_texts[i]) end
local out, out_n = {}, 0

local function answer(code, detail, record)
  out[out_n + 1] = code
  out[out_n + 2] = detail
  out[out_n + 3] = record
  out_n = out_n + 3
end

if meta.saleId and not meta.corrupt and not read_rate_limits(meta.rateLimit, KEYS[9]) then
  meta.corrupt = 'rateLimit'
end
if not meta.saleId or meta.corrupt then
  local code = -1
  if meta.corrupt then code = -99 end
  for _ = 1, n do answer(code, '', '') end
  return reply(out)
end

local tokens_required = meta.tokens == '1'
-- The rate set's members this call may read (users, client keys, tokens), read in
-- one ZMSCORE; a call with no limits and no tokens never touches the set.
do
  local members = {}
  for i = 1, n do
    local base = STRIDE * i - 5
    if rate_user_rule then members[#members + 1] = 'u:' .. ARGV[base + 1] end
    local client = ARGV[base + 5]
    if rate_client_rule and client ~= '' then members[#members + 1] = 'c:' .. client end
    local token = ARGV[base + 6]
    if token ~= '' then members[#members + 1] = token_member(token) end
  end
  if #members > 0 then rate_prefetch(members) end
end

local now = redis_now_ms()
local starts = tonumber(meta.startMs)
local ends = tonumber(meta.endMs)
local reserved_any = false
-- A call of one request checks its one id on a refusal (one HGET); a batch checks
-- the mark once, and only then its ids.
local resent = n == 1 or redis.call('EXISTS', OP_KEY) == 1

-- The record of an existing reservation as it stands now: a hold found overdue is
-- released here (what every read already reports it as), so no answer says 'held'
-- for a hold that can no longer be paid.
local function current(rid)
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if r and r.state == 'held' and r.deadline <= now then
    reclaim_one(meta, rid, now)
    text = redis.call('HGET', HOLDS_KEY, rid)
  end
  return text
end

-- A refusal, unless this is a re-sent call whose first run made the hold.
local function refuse(code, rid, line, record)
  if resent then
    local text = current(rid)
    if text then return 1, rid, text end
  end
  return code, line or '', record or ''
end

-- For a sold_out answer: how long (ms) until the sale's earliest hold falls due,
-- when the item has holds, else ''. A process that remembers the item as sold out
-- asks Redis again by then, since that hold's units come back at the next call
-- (lazy reclaim) without any event. The sale's earliest deadline is at or before
-- the item's own: asking again too early is safe. Read once per call.
local reopen_hint = nil
local function sold_out_hint(it)
  if it.held == 0 then return '' end
  if not reopen_hint then
    local first = redis.call('ZRANGE', DEADLINES_KEY, 0, 0, 'WITHSCORES')
    local due = tonumber(first[2])
    if not due or due <= now then
      reopen_hint = '0'
    else
      reopen_hint = int_string(due - now)
    end
  end
  return reopen_hint
end

local function replay(rid, user, lines, idem)
  local original = redis.call('HGET', IDEMPOTENCY_KEY, idem)
  if not original then return nil end
  local text = current(original)
  local r = text and decode_record(text)
  if not r then return nil end
  if r.user ~= user or r.lines ~= lines then return -7, '', '' end
  if original == rid then return 1, rid, text end -- our own first run
  return 2, original, text
end

-- The first line over the sale's or its item's per-user limit, or nil.
local function over_limit(used, per_item, lines)
  local total = used
  for i = 1, #lines do
    local line = lines[i]
    total = total + line.qty
    local limit = line.it.limit
    if total > meta.limit or (limit > 0 and find_units(per_item, line.item) + line.qty > limit) then
      return i
    end
  end
  return nil
end

local function decide(rid, user, lines_text, idem, metadata, client, token)
  if idem ~= '' then
    local code, original, text = replay(rid, user, lines_text, idem)
    if code then return code, original, text end
  end
  if (token ~= '' or tokens_required) and not use_token(token, now) then
    return refuse(-9, rid)
  end
  if rate_user_rule or rate_client_rule then
    local wait = rate_limited(user, client, now)
    if wait then return refuse(-8, rid, nil, int_string(wait)) end
  end
  if starts and now < starts then return refuse(-2, rid) end
  if ends and now >= ends then return refuse(-3, rid) end
  local lines = parsed_lines[lines_text] or lines_of(lines_text)
  if #lines == 0 then return refuse(-14, rid, 1) end -- no well-formed line: no such item
  local qty = 0
  for i = 1, #lines do
    local line = lines[i]
    if not line.it then -- not yet seen in this call
      local it, why = get_item(line.item)
      if not it then
        if why == 'unknown' then return refuse(-14, rid, i) end
        return refuse(-99, rid)
      end
      line.it = it
    end
    qty = qty + line.qty
  end
  -- Stock first: after the sell-out a refusal then costs no ledger read (and
  -- agrees with what a process that only knows the item is sold out would say).
  for i = 1, #lines do
    local line = lines[i]
    if line.it.available < line.qty then
      reclaim_stock(meta, line.it, line.qty, now)
      if line.it.available == 0 then return refuse(-4, rid, i, sold_out_hint(line.it)) end
      if line.it.available < line.qty then return refuse(-5, rid, i) end
    end
  end
  -- Read after any reclaim above: a reclaimed hold may have been this buyer's.
  local used, per_item, entry, ids_at = ledger_parts(user)
  if not used then return refuse(-99, rid) end
  local over = over_limit(used, per_item, lines)
  if over then
    if not reclaim_own(meta, entry, ids_at, now) then return refuse(-6, rid, over) end
    used, per_item, entry, ids_at = ledger_parts(user)
    over = over_limit(used, per_item, lines)
    if over then return refuse(-6, rid, over) end
  end

  local deadline = now + meta.holdMs
  local text = encode_hold(qty, now, deadline, idem, user, lines_text, metadata)
  if redis.call('HSETNX', HOLDS_KEY, rid, text) == 0 then
    return 1, rid, current(rid) -- a re-sent call: the first run's hold
  end
  for i = 1, #lines do move_units(meta, lines[i].it, lines[i].qty, 'available', 'held') end
  reserved_any = true
  redis.call('ZADD', DEADLINES_KEY, int_texts[deadline], rid)
  ledger_add(user, used, per_item, ledger_ids(entry, ids_at), rid, lines, qty, meta.limit)
  if idem ~= '' then redis.call('HSET', IDEMPOTENCY_KEY, idem, rid) end
  emit_event(meta.outbox, meta.saleId, 'reserved', rid, user, qty, now, deadline, lines_text,
    metadata)
  return 1, rid, text
end

for i = 1, n do
  local base = STRIDE * i - 5
  answer(decide(ARGV[base], ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4],
    ARGV[base + 5], ARGV[base + 6]))
end
write_rate_limits(meta, now)

if reserved_any or reclaimed_any then
  write_counters(meta)
  keep_events_with_sale(meta)
  -- Only a call that wrote prunes: history grows only by writes, and a crowd of
  -- refusals after the sell-out then costs no ZRANGEBYSCORE per call.
  prune_history(now)
end
if reserved_any and n > 1 then redis.call('SET', OP_KEY, '1', 'PX', ARGV[STRIDE * n + 2]) end
return reply(out)

--[[ purchase-6.lua: reserve units for a batch of buyers.

Requests are decided one after another, in order, each with exactly the
semantics it would have alone; batching only saves round trips. For each: the
idempotency key (a retry returns its original reservation), the sale window, the
per-user limit and the stock are checked, then a hold is created with a deadline
from Redis TIME, the counters move, and a 'reserved' event goes to the outbox.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     n, the number of requests; then three arguments per request i:
ARGV[3i-1]  user id (any bytes)
ARGV[3i]    quantity (integer >= 1)
ARGV[3i+1]  idempotency key, or '' for none
Returns     a flat list of 3n entries: code, reservation id, record, where code is
             1 reserved, 2 replayed (idempotency key seen; the original, any state),
            -1 not loaded, -2 not started, -3 ended, -4 sold out,
            -5 insufficient stock, -6 limit reached,
            -7 idempotency key already used with another user or quantity
            and id/record are '' unless code > 0.
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include outbox
-- @include user-ledger
-- @include retention

local n = tonumber(ARGV[1])
local meta = read_meta()
local out = {}

local function answer(code, rid, record)
  out[#out + 1] = code
  out[#out + 1] = rid
  out[#out + 1] = record
end

if not meta.saleId then
  for _ = 1, n do answer(-1, '', '') end
  return reply(out)
end

local now = redis_now_ms()
local limit = tonumber(meta.limit)
local starts = tonumber(meta.startMs)
local ends = tonumber(meta.endMs)
local available = tonumber(meta.available)
local held = tonumber(meta.held)
local seq = tonumber(meta.seq)
local reserved_any = false

local function replay(user, qty, idem)
  local rid = redis.call('HGET', IDEMPOTENCY_KEY, idem)
  if not rid then return nil end
  local text = redis.call('HGET', HOLDS_KEY, rid)
  if not text then return nil end
  local r = decode_record(text)
  if r.user ~= user or r.qty ~= qty then return -7, '', '' end
  return 2, rid, text
end

local function decide(user, qty, idem)
  if idem ~= '' then
    local code, rid, text = replay(user, qty, idem)
    if code then return code, rid, text end
  end
  if starts and now < starts then return -2, '', '' end
  if ends and now >= ends then return -3, '', '' end
  local used, ids = read_ledger(user)
  if used + qty > limit then return -6, '', '' end
  if available == 0 then return -4, '', '' end
  if available < qty then return -5, '', '' end

  seq = seq + 1
  available = available - qty
  held = held + qty
  reserved_any = true
  local rid = meta.saleId .. ':' .. int_string(seq)
  local r = { state = 'held', qty = qty, created = now, deadline = now + tonumber(meta.holdMs),
    ended = '', user = user }
  local text = encode_record(r)
  redis.call('HSET', HOLDS_KEY, rid, text)
  redis.call('ZADD', DEADLINES_KEY, int_string(r.deadline), rid)
  ledger_add(user, used, ids, rid, qty, limit)
  if idem ~= '' then redis.call('HSET', IDEMPOTENCY_KEY, idem, rid) end
  emit(meta.outbox, meta.saleId, 'reserved', rid, r, now)
  return 1, rid, text
end

for i = 1, n do
  answer(decide(ARGV[3 * i - 1], tonumber(ARGV[3 * i]), ARGV[3 * i + 1]))
end

if reserved_any then
  redis.call('HSET', META_KEY, 'available', int_string(available), 'held', int_string(held),
    'seq', int_string(seq))
  apply_retention(meta, now)
end
return reply(out)

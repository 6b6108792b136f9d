--[[ recover-8.lua: rebuild part of a sale Redis lost from the orders of the
application's store (recoverSale), one chunk of orders per call, after a preload
of the same catalog. Each order the store says is live becomes a record again:
`reserved` a hold with its deadline (in the deadlines set, so it runs out and is
released as usual), `confirmed` a sold reservation. Its units move from available
to held or sold, and into the buyer's ledger, so the buyer's limit counts them.
An order whose record exists is left as it is, so re-running a chunk (or
recovering onto a sale that lost only part of its records) counts nothing twice.
An order needing more units than an item has available, or naming an item the
catalog lacks, is refused, and nothing is written for it: the stock is never
oversold. No event is emitted (the store has these orders). The answer is kept
under the op key, so a re-sent call answers what its first run did.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     how long the op key is kept (ms)
ARGV[2..]   per order six values: reservation id, 'held' or 'sold', deadline (ms),
            user id, lines ("<item>:<units>,…"), metadata (JSON text or '')
Returns     a string, one letter per order: h recovered as a hold, s recovered as
            sold, k its record was present (left as it is), o not enough stock,
            u an item the sale does not have, d the buyer's ledger is damaged
            (nothing written for the order); or -1 the sale is not loaded, -99
            the sale's data is damaged (nothing was written)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include items
-- @include user-ledger
local OP_KEY = KEYS[8]
local first = redis.call('GET', OP_KEY)
if first then return first end

local meta = read_meta()
if not meta.saleId then return -1 end
if meta.corrupt then return -99 end
local now = redis_now_ms()

local answer = {}
for i = 2, #ARGV, 6 do
  local rid, state, deadline, user, lines_text, metadata =
    ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local letter
  if redis.call('HEXISTS', HOLDS_KEY, rid) == 1 then
    letter = 'k'
  else
    local lines = parse_lines(lines_text)
    local items, qty = {}, 0
    for j, line in ipairs(lines) do
      local it = get_item(line.item)
      if not it then
        letter = 'u'
      elseif it.available < line.qty and not letter then
        letter = 'o'
      end
      items[j] = it
      qty = qty + line.qty
    end
    if #lines == 0 then letter = 'u' end
    local used, per_item, entry, ids_at
    if not letter then
      used, per_item, entry, ids_at = ledger_parts(user)
      if not used then letter = 'd' end
    end
    if not letter then
      local to = state == 'sold' and 'sold' or 'held'
      for j, line in ipairs(lines) do move_units(meta, items[j], line.qty, 'available', to) end
      ledger_add(user, used, per_item, ledger_ids(entry, ids_at), rid, lines, qty, meta.limit)
      local r = {
        state = to, qty = qty, created = now, deadline = deadline,
        ended = to == 'sold' and int_string(now) or '', op = 'recovered', lines = lines_text,
        idem = '', user = user, metadata = metadata,
      }
      redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
      if to == 'held' then redis.call('ZADD', DEADLINES_KEY, int_string(deadline), rid) end
      letter = to == 'sold' and 's' or 'h'
    end
  end
  answer[#answer + 1] = letter
end
write_counters(meta)
local text = table.concat(answer)
redis.call('SET', OP_KEY, text, 'PX', ARGV[1])
return text

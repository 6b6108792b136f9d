--[[ reemit-8.lua: append again, from the reservation records, the outbox events an
order store is missing (reconcileSale). Each event is rebuilt from its record as the
script that made the change wrote it: `reserved` at the record's creation, the
ending event (confirmed, cancelled, expired, failed) at its end, with the
record's lines, metadata and deadline; its id (`<rid>/<type>`) is the same, so a
sink that has it ignores it. Nothing about the hold changes. An ending event is
appended only while the record still says that state (the caller saw it so); a
record that is gone or says something else is answered and left alone. The
answer is kept under the op key, so a re-sent call appends nothing twice.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     how long the op key is kept (ms)
ARGV[2..]   per reservation three values: id, '1' to append its `reserved` event
            (else '0'), and the ending event to append ('' for none); the record
            must still say the state of that ending
Returns     a string, one letter per reservation: e appended, g record gone,
            c record no longer in the state named; or -1 the sale is not loaded,
            -2 the sale's outbox is off, -99 the sale's data is damaged (nothing
            was written in these three cases)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include outbox
-- @include retention
local OP_KEY = KEYS[8]
local first = redis.call('GET', OP_KEY)
if first then return first end

local meta = read_meta({ 'saleId', 'outbox', 'expireAt' }, {})
if not meta.saleId then return -1 end
if meta.outbox ~= '1' then return -2 end

local wanted = {}
for i = 2, #ARGV, 3 do
  local rid, with_reserved, ending = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if text and not r then return -99 end
  wanted[#wanted + 1] = { rid = rid, r = r, reserved = with_reserved == '1', ending = ending }
end

local answer = {}
for _, w in ipairs(wanted) do
  local r = w.r
  if not r then
    answer[#answer + 1] = 'g'
  elseif w.ending ~= '' and r.state ~= (w.ending == 'confirmed' and 'sold' or w.ending) then
    answer[#answer + 1] = 'c'
  else
    if w.reserved then emit(meta.outbox, meta.saleId, 'reserved', w.rid, r, r.created) end
    if w.ending ~= '' then emit(meta.outbox, meta.saleId, w.ending, w.rid, r, tonumber(r.ended)) end
    answer[#answer + 1] = 'e'
  end
end
keep_events_with_sale(meta)
local text = table.concat(answer)
redis.call('SET', OP_KEY, text, 'PX', ARGV[1])
return text

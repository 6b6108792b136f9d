-- What confirm and cancel share: the record, the sale, and the finishing steps of
-- a call that changed something.
-- Reads what a transition of `rid` needs. Returns r, meta, or a reply to give now:
-- unknown id (-10), or damaged data (-99: a record whose sale is gone or malformed).
local function load_transition(rid)
  local text = redis.call('HGET', HOLDS_KEY, rid)
  if not text then return nil, nil, { -10, '' } end
  local r = decode_record(text)
  if not r then return nil, nil, { -99, '' } end
  local meta = read_meta()
  if not meta.saleId or meta.corrupt then return nil, nil, { -99, '' } end
  return r, meta, nil
end
local function finish_write(meta, now)
  write_counters(meta)
  keep_events_with_sale(meta)
  prune_history(now)
end

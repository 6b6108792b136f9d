-- The consumer of `group` an entry is pending at, or nil when it is not pending
-- (acknowledged, or never delivered).
local function pending_owner(stream, group, id)
  local pending = redis.call('XPENDING', stream, group, id, id, 1)
  if pending[1] then return pending[1][2] end
  return nil
end

-- The consumer of `group` an entry is pending at, or nil when it is not pending
-- (acknowledged, never delivered, or the stream or group is gone: NOGROUP is
-- caught, so a script never fails on a sale whose keys expired).
local function pending_owner(stream, group, id)
  local pending = redis.pcall('XPENDING', stream, group, id, id, 1)
  if type(pending) == 'table' and type(pending[1]) == 'table' then return pending[1][2] end
  return nil
end

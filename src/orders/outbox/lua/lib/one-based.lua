-- ioredis-mock hands a script nested reply arrays (XRANGE's entries and their
-- field lists) 0-based; Redis, 1-based. This gives a 1-based list either way.
local function one_based(list)
  if list[0] == nil then return list end
  local out = {}
  for i = 0, #list do out[#out + 1] = list[i] end
  return out
end

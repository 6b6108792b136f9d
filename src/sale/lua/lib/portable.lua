-- Portability between Redis (Lua 5.1) and ioredis-mock (fengari, Lua 5.3).
-- Lua 5.1 has unpack; Lua 5.3 has table.unpack.
local unpack_list = table.unpack or unpack

-- ioredis-mock recognises a returned list only when it was built by a table
-- constructor, so every script returns through this. (Redis's unpack limit is
-- about 8000 values: callers keep replies below that.)
local function reply(list)
  return { unpack_list(list) }
end
-- ioredis-mock hands a script nested reply arrays (HSCAN's field list) 0-based;
-- Redis, 1-based. This gives a 1-based list either way.
local function one_based(list)
  if list[0] == nil then return list end
  local out = {}
  for i = 0, #list do out[#out + 1] = list[i] end
  return out
end

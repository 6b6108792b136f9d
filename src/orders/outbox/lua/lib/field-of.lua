-- The value of `name` in a flat reply list of name, value pairs (a stream entry's
-- fields, XINFO's groups and consumers), or nil.
local function field(list, name)
  for i = 1, #list, 2 do
    if list[i] == name then return list[i + 1] end
  end
  return nil
end

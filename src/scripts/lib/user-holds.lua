-- Each user's reservation ids, for the status a front end polls. Ids of released
-- holds are dropped oldest first once the list is longer than the limit plus
-- USER_HISTORY, so a user who buys and cancels in a loop cannot grow it.
local USER_HISTORY = 8

local function add_user_hold(user, rid, limit)
  local list = redis.call('HGET', USER_HOLDS_KEY, user)
  local ids = {}
  if list then
    for id in string.gmatch(list, '%S+') do ids[#ids + 1] = id end
  end
  ids[#ids + 1] = rid
  local excess = #ids - (limit + USER_HISTORY)
  if excess > 0 then
    local kept = {}
    for _, id in ipairs(ids) do
      local text = excess > 0 and redis.call('HGET', HOLDS_KEY, id)
      local r = text and decode_record(text)
      if r and r.state ~= 'held' and r.state ~= 'sold' then
        excess = excess - 1
      else
        kept[#kept + 1] = id
      end
    end
    ids = kept
  end
  redis.call('HSET', USER_HOLDS_KEY, user, table.concat(ids, ' '))
end

--[[ touch-1.lua: a worker's heartbeat for the entries it holds (being written,
waiting for a retry or deferred): resets their idle time so no other worker
reclaims them while this one is alive. Entries another worker has reclaimed
meanwhile are left to it and reported lost, and so are all of them once the
sale's stream is gone (expired): the worker then forgets them. Safe to run twice
(a claim only resets the idle time; JUSTID leaves the delivery count alone).

KEYS[1] events stream
ARGV[1] group   ARGV[2] consumer   ARGV[3..] entry ids
Returns the lost entry ids, space-separated
]]
-- @include pending-owner

local lost = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if pending_owner(KEYS[1], ARGV[1], id) == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID')
  else
    lost[#lost + 1] = id
  end
end
return table.concat(lost, ' ')

-- Deletes a lock, only if it still holds the caller's token, so a holder whose
-- lock expired never deletes the next holder's lock.
--
-- KEYS[1]  lock key
-- ARGV[1]  token of the holder
--
-- Returns 1 when deleted, 0 when the key is gone or holds another token.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0

-- Every sale script receives the same seven keys, in this order, all under one
-- hash tag so a sale lives in one Cluster slot (see src/sale/sale-keys.ts).
local META_KEY = KEYS[1]        -- hash: config and counters
local HOLDS_KEY = KEYS[2]       -- hash: reservation id -> record (see record.lua)
local DEADLINES_KEY = KEYS[3]   -- zset: held reservation id -> deadline (ms)
local USERS_KEY = KEYS[4]       -- hash: user id -> ledger (see user-ledger.lua)
local IDEMPOTENCY_KEY = KEYS[5] -- hash: idempotency key -> reservation id
local EVENTS_KEY = KEYS[6]      -- stream: the outbox
local ENDED_KEY = KEYS[7]       -- zset: released reservation id -> when its record is dropped
local SALE_KEY_COUNT = 7

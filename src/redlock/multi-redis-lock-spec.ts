import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { finishLockOptions, LOCK_FIELDS } from '../lock/options/lock-spec.js';
import { defineOptions } from '../shared/options/define-options.js';
import { checked } from '../shared/options/kinds.js';
import { checkRedisClient } from '../shared/redis/check-redis-client.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import type { MultiRedisLockOptions } from './multi-redis-lock-options.js';
import { readArray } from '../shared/validate/read-array.js';

/** A non-empty list of distinct clients, copied so later changes to it do not matter. */
function checkServers(argument: string, value: unknown): readonly RedisClient[] {
  const list = readArray(argument, value, 'a non-empty array of ioredis clients');
  if (list.length === 0) {
    throw new InvalidArgumentError(argument, value, 'a non-empty array of ioredis clients');
  }
  const servers = list.map((client, index) =>
    checkRedisClient(`${argument}[${String(index)}]`, client),
  );
  if (new Set(servers).size !== servers.length) {
    throw new InvalidArgumentError(argument, value, 'distinct clients, one per server');
  }
  return Object.freeze(servers);
}

/** The options of `new MultiRedisLock(…)`. @internal */
export const MULTI_REDIS_LOCK_SPEC = defineOptions<MultiRedisLockOptions>()(
  'MultiRedisLock',
  { servers: checked(checkServers).required(), ...LOCK_FIELDS },
  finishLockOptions,
);

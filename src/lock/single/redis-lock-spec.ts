import { defineOptions } from '../../shared/options/define-options.js';
import { checked } from '../../shared/options/kinds.js';
import { checkRedisClient } from '../../shared/redis/check-redis-client.js';
import { finishLockOptions, LOCK_FIELDS } from '../options/lock-spec.js';
import type { RedisLockOptions } from './redis-lock-options.js';

/** The options of `new RedisLock(…)`. @internal */
export const REDIS_LOCK_SPEC = defineOptions<RedisLockOptions>()(
  'RedisLock',
  { redis: checked(checkRedisClient).required(), ...LOCK_FIELDS },
  finishLockOptions,
);

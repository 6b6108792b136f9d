import { describe } from 'vitest';
import { RedisLock } from '../../src/lock/index.js';
import { BACKENDS, clientFor, uniquePrefix } from '../harness/clients.js';
import { lockContract } from './lock-contract.js';

describe.each(BACKENDS)('RedisLock contract on %s', (backend) => {
  lockContract(async () => {
    const client = clientFor(backend);
    const keyPrefix = uniquePrefix('lock');
    return Promise.resolve({
      locker: (options) => new RedisLock({ ...options, redis: client, keyPrefix }),
      steal: async (key) => {
        await client.del(`${keyPrefix}{${key}}`);
      },
      pttl: async (key) => [await client.pttl(`${keyPrefix}{${key}}`)],
      close: async () => {
        client.disconnect();
        return Promise.resolve();
      },
    });
  });
});

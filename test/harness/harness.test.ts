import { describe, expect, it } from 'vitest';
import { BACKENDS, clientFor, uniquePrefix } from './clients.js';

describe.each(BACKENDS)('test harness on %s', (backend) => {
  it('gives a working client that round-trips a value under a private prefix', async () => {
    const client = clientFor(backend);
    const key = `${uniquePrefix('harness')}{h}:k`;
    try {
      await client.set(key, 'v', 'PX', 60_000);
      expect(await client.get(key)).toBe('v');
    } finally {
      await client.del(key);
      client.disconnect();
    }
  });
});

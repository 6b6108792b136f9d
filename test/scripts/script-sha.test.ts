import { afterAll, describe, expect, it } from 'vitest';
import { SALE_SCRIPTS } from '../../src/scripts/sale-scripts.js';
import { redisClient } from '../harness/clients.js';

describe('bundled scripts', () => {
  const client = redisClient();
  afterAll(() => {
    client.disconnect();
  });

  it.each(Object.entries(SALE_SCRIPTS))(
    '%s: the SHA we compute is what SCRIPT LOAD returns',
    async (_name, script) => {
      expect(script.source).not.toContain('@include');
      expect(await client.script('LOAD', script.source)).toBe(script.sha);
    },
  );

  it('names every command after the package version, so two versions never collide', () => {
    const names = Object.values(SALE_SCRIPTS).map((script) => script.commandName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^flashSale[A-Z][A-Za-z]+_\d+_\d+_\d+/);
  });
});

/**
 * The `is…()` guards check the package's brand, a registered symbol: errors from
 * the CommonJS build are recognised by the ES module build (two copies, two sets of
 * classes, `instanceof` fails between them), and another library's error with the
 * same name is not. Both builds are made here with the package's own tsup config.
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsupConfig from '../../../tsup.config.js';
import * as source from '../../../src/index.js';
import * as sourceLock from '../../../src/lock/index.js';

type Module = Record<string, unknown>;
type Guard = (error: unknown) => boolean;

const root = fileURLToPath(new URL('../../../', import.meta.url));
// inside the project, so the builds resolve ioredis from its node_modules
const outDir = `${root}.tmp/brand-${randomUUID().slice(0, 8)}`;
let esm: Module;
let cjs: Module;

beforeAll(async () => {
  if (typeof tsupConfig === 'function' || Array.isArray(tsupConfig)) {
    throw new Error('tsup.config.ts is expected to export one options object');
  }
  await build({
    ...tsupConfig,
    entry: { index: 'src/index.ts', lock: 'src/lock/index.ts' },
    format: ['esm', 'cjs'],
    outDir,
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    config: false,
  });
  esm = (await import(pathToFileURL(`${outDir}/index.js`).href)) as Module;
  cjs = createRequire(import.meta.url)(`${outDir}/index.cjs`) as Module;
}, 120_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** The export `name` of `module`, which must be a function (a class or a guard). */
function exported(module: Module, name: string): (...args: never[]) => unknown {
  const value = module[name];
  if (typeof value !== 'function') throw new Error(`${name} is not exported as a function`);
  return value as (...args: never[]) => unknown;
}

/** The guard `name` of `module`. */
function guard(module: Module, name: string): Guard {
  return exported(module, name) as Guard;
}

/** The class `name` of `module`. */
function constructor(module: Module, name: string): new (options: unknown) => unknown {
  return exported(module, name) as unknown as new (options: unknown) => unknown;
}

/** What `make` throws. */
function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** Every `is…Error` guard a module exports, by the class name it recognises. */
function guardsOf(module: Module): [string, Guard][] {
  return Object.entries(module).flatMap(([name, value]) => {
    const match = /^is(\w+Error)$/.exec(name);
    return match?.[1] !== undefined && typeof value === 'function'
      ? [[match[1], value as Guard] as [string, Guard]]
      : [];
  });
}

describe('errors carry a brand the guards check', () => {
  it('an error from the CommonJS build passes the ES module build’s guards, and back', () => {
    const QueuedOrdersCjs = constructor(cjs, 'QueuedOrders');
    const QueuedOrdersEsm = constructor(esm, 'QueuedOrders');
    const fromCjs = thrown(() => new QueuedOrdersCjs(null));
    const fromEsm = thrown(() => new QueuedOrdersEsm(null));
    // two copies of the classes: instanceof cannot tell, the brand can
    expect(fromCjs).not.toBeInstanceOf(constructor(esm, 'InvalidArgumentError'));
    expect(fromEsm).not.toBeInstanceOf(constructor(cjs, 'InvalidArgumentError'));
    for (const [error, guards] of [
      [fromCjs, esm],
      [fromEsm, cjs],
      [fromCjs, source],
    ] as const) {
      expect(guard(guards, 'isFlashSaleError')(error)).toBe(true);
      expect(guard(guards, 'isInvalidArgumentError')(error)).toBe(true);
      expect(guard(guards, 'isRedisTimeoutError')(error)).toBe(false);
    }
  });

  it('another library’s error of the same name passes no guard', () => {
    const modules: Module[] = [source, sourceLock, esm, cjs];
    const guards = modules.flatMap(guardsOf);
    expect(guards.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'FlashSaleError',
        'InvalidArgumentError',
        'RedisUnavailableError',
        'LockLostError',
        'OrderWriteError',
      ]) as unknown,
    );
    for (const [name, guard] of guards) {
      const foreign = Object.assign(new Error('not ours'), { name, code: 'INVALID_ARGUMENT' });
      expect({ name, recognised: guard(foreign) }).toEqual({ name, recognised: false });
    }
  });

  it('the brand is the registered symbol flash-sale.error, on top of the class name', () => {
    const branded = (name: string): Error => {
      const error = Object.assign(new Error('made by hand'), { name });
      Object.defineProperty(error, Symbol.for('flash-sale.error'), { value: true });
      return error;
    };
    expect(source.isFlashSaleError(branded('Whatever'))).toBe(true);
    expect(source.isInvalidArgumentError(branded('InvalidArgumentError'))).toBe(true);
    expect(source.isInvalidArgumentError(branded('RedisTimeoutError'))).toBe(false);
    expect(sourceLock.isLockLostError(branded('LockLostError'))).toBe(true);
    expect(source.isFlashSaleError({ name: 'InvalidArgumentError' })).toBe(false);
  });

  it('every guard recognises its own class, and the brand never shows in logs or JSON', () => {
    const error = new source.InvalidArgumentError('size', 0, 'at least 1');
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(JSON.stringify(error)).not.toContain('flash-sale.error');
    const lost = new sourceLock.LockLostError('k', 'expired');
    expect(sourceLock.isLockLostError(lost)).toBe(true);
    expect(sourceLock.isLockNotAcquiredError(lost)).toBe(false);
    expect(source.isFlashSaleError(lost)).toBe(true);
  });
});

import { resolvePreload, type PreloadOptions } from '../../sale/ops/preload-options.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import { DAY_MS } from '../../shared/options/bounds.js';
import { defineOptions } from '../../shared/options/define-options.js';
import { boolean, checked, integer } from '../../shared/options/kinds.js';
import type { RecoverOptions } from './recover-types.js';

/** The options of `recoverSale`. @internal */
export const RECOVER_SPEC = defineOptions<RecoverOptions>()('recoverSale', {
  catalog: checked((argument, value): PreloadOptions => {
    if (!isPlainObject(value)) throw new InvalidArgumentError(argument, value, 'preload options');
    try {
      resolvePreload(value as unknown as PreloadOptions);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      throw new InvalidArgumentError(`${argument}.${error.argument}`, error.value, 'valid', {
        cause: error,
      });
    }
    return value as unknown as PreloadOptions;
  }).required(),
  force: boolean().default(false),
  pageSize: integer(1, 1_000).default(200),
  storeTimeoutMs: integer(1, DAY_MS).default(30_000),
});

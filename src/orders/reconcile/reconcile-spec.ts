import { DAY_MS } from '../../shared/options/bounds.js';
import { defineOptions } from '../../shared/options/define-options.js';
import { boolean, integer } from '../../shared/options/kinds.js';
import type { ReconcileOptions } from './reconcile-types.js';

/** The options of `reconcileSale`. @internal */
export const RECONCILE_SPEC = defineOptions<ReconcileOptions>()('reconcileSale', {
  pageSize: integer(1, 1_000).default(200),
  repair: boolean().default(true),
  checkStore: boolean().default(true),
  storeTimeoutMs: integer(1, DAY_MS).default(30_000),
});

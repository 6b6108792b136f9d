import { defineOptions } from '../../shared/options/define-options.js';
import { integer } from '../../shared/options/kinds.js';
import { purchasingSaleKind, sinkKind } from '../options/pipeline-kinds.js';
import type { InRequestOrdersOptions } from './in-request-orders-options.js';

/** The options of `new InRequestOrders(…)`. @internal */
export const IN_REQUEST_ORDERS_SPEC = defineOptions<InRequestOrdersOptions>()('InRequestOrders', {
  sale: purchasingSaleKind.required(),
  sink: sinkKind.required(),
  writeTimeoutMs: integer(1, 600_000).default(5_000),
});

/**
 * Defaults of {@link InRequestOrdersOptions}.
 * @group Options
 * @category Order pipeline
 */
export const IN_REQUEST_ORDERS_DEFAULTS = IN_REQUEST_ORDERS_SPEC.defaults;

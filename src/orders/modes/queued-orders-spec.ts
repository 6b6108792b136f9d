import { defineOptions } from '../../shared/options/define-options.js';
import { groupOption, purchasingSaleKind } from '../options/pipeline-kinds.js';
import type { QueuedOrdersOptions } from './queued-orders-options.js';

/** The options of `new QueuedOrders(…)`. @internal */
export const QUEUED_ORDERS_SPEC = defineOptions<QueuedOrdersOptions>()('QueuedOrders', {
  sale: purchasingSaleKind.required(),
  group: groupOption,
});

/**
 * Defaults of {@link QueuedOrdersOptions}.
 * @group Options
 * @category Order pipeline
 */
export const QUEUED_ORDERS_DEFAULTS = QUEUED_ORDERS_SPEC.defaults;

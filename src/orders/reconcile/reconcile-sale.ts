import { SaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { saleContextOf, type SaleReference } from '../../sale/sale-reference.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import type { Resolved } from '../../shared/options/define-options.js';
import type { OrderEventType } from '../outbox/order-event.js';
import { checkSink } from '../sink/check-sink.js';
import type { OrderSink } from '../sink/order-sink.js';
import type { StoredOrder } from './stored-order.js';
import { classifyDrift, isLiveStoredState, redisStateOf } from './classify-drift.js';
import { reservationsInOutbox } from './in-flight.js';
import { reemitEvents } from './reemit-events.js';
import { RECONCILE_SPEC } from './reconcile-spec.js';
import type {
  Drift,
  DriftKind,
  ReconcileOptions,
  ReconcileResult,
  RepairedDrift,
  UnrepairedDrift,
} from './reconcile-types.js';
import { readRecords, saleExists, scanRecords } from './sale-records.js';
import { checkLookupReply, withStoreTimeout } from './store-calls.js';

const OPERATION = 'reconcileSale';

/** A drift found, with the events that would repair it (none: not repairable). */
interface Found extends Drift {
  readonly events: readonly OrderEventType[];
}

/** Where one call works, and what it has found so far. */
interface Run {
  readonly context: SaleContext;
  readonly sink: OrderSink;
  readonly options: Resolved<typeof RECONCILE_SPEC.fields>;
  /** Drifts by reservation id (HSCAN may return a record twice). */
  readonly found: Map<string, Found>;
  scanned: number;
}

/**
 * Compares a sale's reservations in Redis with the orders in the application's
 * store and repairs what is safe to repair (see docs/recovery.md).
 *
 * It walks the sale's records with HSCAN, `pageSize` at a time, and asks the sink's
 * {@link OrderSink.lookup} for the stored state of each page in one call. A
 * reservation the store lacks (`missing`) or holds in an older state (`stale`) is
 * repaired by appending its events to the sale's outbox again, rebuilt from its
 * record (reemit-8.lua, under their usual ids), so delivering them stays the
 * {@link OutboxWorker}'s job: run it, and a second reconcile after the worker has
 * delivered them finds no drift. A `conflict` (the store says a state Redis never
 * reached) and an `orphan` (a live order in the store, no record in Redis: found
 * through {@link OrderSink.exportOrders}, when the sink has it) are reported, not
 * repaired. A reservation with an event still in the outbox stream is on its way
 * and counted as `inFlight`, not as drift. Nothing about a hold changes.
 *
 * Safe beside live traffic and other reconciles: the store is read before the
 * record it is compared with (the store can only lag Redis), and a record that
 * changed before its repair is reported as `changed`.
 *
 * @param sale - the sale: a {@link FlashSale} or a {@link SaleReference}
 * @param sink - the application's order store: an {@link OrderSink} with `lookup`
 * @param options - see {@link ReconcileOptions}
 * @returns the drift found by kind, what was repaired and what was not
 * @throws {@link InvalidArgumentError} when `sale` is not a valid {@link SaleReference},
 *   `sink` has no `lookup` method, an option is unknown or invalid (nothing is changed),
 *   or the sink's `lookup` answers something other than a Map of stored states
 * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing is changed)
 * @throws {@link SaleDataError} when a record of the sale is malformed
 * @throws {@link OrderSinkTimeoutError} when a store call outlasts `storeTimeoutMs`
 * @throws {@link RedisUnavailableError} when Redis cannot be reached
 * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
 *   (events re-emitted so far stay re-emitted; call again)
 * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
 * @group Order pipeline
 */
export async function reconcileSale(
  sale: SaleReference,
  sink: OrderSink,
  options?: ReconcileOptions,
): Promise<ReconcileResult> {
  const context = saleContextOf(sale);
  checkSink(sink);
  requireMethod(sink, 'lookup');
  const resolved = resolveOptions(RECONCILE_SPEC, options);
  if (!(await saleExists(context, OPERATION))) {
    throw new SaleNotLoadedError(context.saleId, OPERATION);
  }
  const run: Run = { context, sink, options: resolved, found: new Map(), scanned: 0 };
  await compareRecords(run);
  const storeScanned =
    resolved.checkStore && typeof sink.exportOrders === 'function' ? await findOrphans(run) : null;
  const inOutbox = await reservationsInOutbox(context, OPERATION, new Set(run.found.keys()));
  const drifts = [...run.found.values()].filter((drift) => !inOutbox.has(drift.reservationId));
  const { repaired, unrepaired } = await repair(run, drifts);
  const counts: Record<DriftKind, number> = { missing: 0, stale: 0, conflict: 0, orphan: 0 };
  for (const drift of drifts) counts[drift.kind] += 1;
  return {
    scanned: run.scanned,
    storeScanned,
    inFlight: inOutbox.size,
    counts,
    repaired,
    unrepaired,
  };
}

/** Throws naming the sink's method when it is missing. */
function requireMethod(sink: OrderSink, method: 'lookup' | 'exportOrders'): void {
  const found: unknown = Reflect.get(sink, method);
  if (typeof found !== 'function') {
    throw new InvalidArgumentError(`sink.${method}`, found, 'a function (see OrderSink)');
  }
}

/** Redis's pass: every record, a page at a time, against the store's answer for the page. */
async function compareRecords(run: Run): Promise<void> {
  const { context, sink, options } = run;
  let cursor = '0';
  do {
    const page = await scanRecords(context, OPERATION, cursor, options.pageSize);
    cursor = page.cursor;
    if (page.ids.length === 0) continue;
    const ids = [...new Set(page.ids)];
    // the store first, then the records: the store can only lag what Redis says later
    const stored = checkLookupReply(
      await withStoreTimeout(options.storeTimeoutMs, async (storeContext) =>
        sink.lookup?.(ids, storeContext),
      ),
    );
    const records = await readRecords(context, OPERATION, ids);
    for (const [id, reservation] of records) {
      run.scanned += 1;
      const redisState = redisStateOf(reservation);
      const storeState = stored.get(id);
      const drift = classifyDrift(redisState, storeState);
      if (drift === null) run.found.delete(id);
      else
        run.found.set(id, {
          ...drift,
          reservationId: id,
          redisState,
          storeState: storeState ?? null,
        });
    }
  } while (cursor !== '0');
}

/** The store's pass: its live orders whose record Redis does not hold. */
async function findOrphans(run: Run): Promise<number> {
  const { context, sink, options } = run;
  const pages = sink.exportOrders?.(context.saleId, {
    signal: new AbortController().signal,
    pageSize: options.pageSize,
  });
  if (pages === undefined) return 0;
  const iterator = pages[Symbol.asyncIterator]();
  let walked = 0;
  try {
    for (;;) {
      const next = await withStoreTimeout(options.storeTimeoutMs, async () => iterator.next());
      if (next.done === true) return walked;
      const page: unknown = next.value;
      if (!Array.isArray(page)) {
        throw new InvalidArgumentError('sink.exportOrders() page', page, 'an array of StoredOrder');
      }
      walked += page.length;
      const live = (page as StoredOrder[]).filter((order) => isLiveStoredState(order.state));
      const records = await readRecords(
        context,
        OPERATION,
        live.map((order) => order.reservationId),
      );
      for (const order of live) {
        if (records.has(order.reservationId)) continue;
        run.found.set(order.reservationId, {
          kind: 'orphan',
          reservationId: order.reservationId,
          redisState: null,
          storeState: order.state,
          events: [],
        });
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** Re-emits the repairable drifts' events, `pageSize` reservations per script call. */
async function repair(
  run: Run,
  drifts: readonly Found[],
): Promise<{ repaired: RepairedDrift[]; unrepaired: UnrepairedDrift[] }> {
  const repaired: RepairedDrift[] = [];
  const unrepaired: UnrepairedDrift[] = [];
  const repairable: Found[] = [];
  for (const { events, ...drift } of drifts) {
    if (events.length === 0) {
      unrepaired.push({ ...drift, reason: drift.kind === 'orphan' ? 'orphan' : 'conflict' });
    } else if (!run.options.repair) {
      unrepaired.push({ ...drift, reason: 'report_only' });
    } else {
      repairable.push({ ...drift, events });
    }
  }
  const size = run.options.pageSize;
  for (let start = 0; start < repairable.length; start += size) {
    const batch = repairable.slice(start, start + size);
    const outcomes = await reemitEvents(run.context, OPERATION, batch);
    batch.forEach(({ events, ...drift }, index) => {
      const outcome = outcomes[index] ?? 'changed';
      if (outcome === 'emitted') repaired.push({ ...drift, events });
      else unrepaired.push({ ...drift, reason: outcome });
    });
  }
  return { repaired, unrepaired };
}

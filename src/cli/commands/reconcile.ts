import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reconcileSale, type OrderSink, type ReconcileResult } from 'flash-sale';
import type { CliCommand } from '../command.js';
import { CliError } from '../cli-error.js';
import { integerOption } from '../parse.js';
import { formatTable } from '../output/table.js';

interface ReconcileCommandOptions {
  readonly sink: string;
  readonly reportOnly?: boolean;
  readonly pageSize?: number;
  readonly failOnDrift?: boolean;
}

/**
 * The order store's sink, from the module the operator names: its default export
 * or its `createSink` export, a sink or a function (maybe async) that returns
 * one. The CLI cannot know the application's store; the application can.
 */
async function loadSink(path: string): Promise<OrderSink> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      `cannot load the sink module ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const exported = module['createSink'] ?? module['default'];
  const sink: unknown =
    typeof exported === 'function' ? await (exported as () => unknown)() : exported;
  if (
    typeof sink !== 'object' ||
    sink === null ||
    typeof Reflect.get(sink, 'write') !== 'function'
  ) {
    throw new CliError(
      `${path} must export (default or createSink) an OrderSink, or a function returning one`,
    );
  }
  return sink as OrderSink;
}

interface DriftRow {
  readonly kind: string;
  readonly reservationId: string;
  readonly action: string;
}

function printResult(result: ReconcileResult, text: (line: string) => void): void {
  text(
    `scanned ${String(result.scanned)} reservations` +
      (result.storeScanned === null ? '' : ` and ${String(result.storeScanned)} stored orders`) +
      `; ${String(result.inFlight)} events still in the outbox`,
  );
  text(
    formatTable<readonly [string, number]>(
      [
        { heading: 'drift', cell: ([kind]) => kind },
        { heading: 'found', cell: ([, count]) => count },
      ],
      Object.entries(result.counts),
    ),
  );
  const rows: DriftRow[] = [
    ...result.repaired.map((d) => ({
      kind: d.kind,
      reservationId: d.reservationId,
      action: `re-emitted ${d.events.join(', ')}`,
    })),
    ...result.unrepaired.map((d) => ({
      kind: d.kind,
      reservationId: d.reservationId,
      action: `left: ${d.reason}`,
    })),
  ];
  if (rows.length > 0) {
    text(
      formatTable<DriftRow>(
        [
          { heading: 'kind', cell: (row) => row.kind },
          { heading: 'reservation', cell: (row) => row.reservationId },
          { heading: 'action', cell: (row) => row.action },
        ],
        rows,
      ),
    );
  }
}

/**
 * `reconcile --sink ./store.js`: reconcileSale against the application's store,
 * through the sink its module exports (with `lookup`, and `exportOrders` for
 * orphans). Repairs what is safe (re-emitted events) unless `--report-only`.
 */
export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  define(program, run) {
    program
      .command('reconcile')
      .description("compare the sale's reservations with the order store and repair what is safe")
      .requiredOption(
        '--sink <module>',
        "a JS module exporting (default or createSink) the store's OrderSink, with lookup",
      )
      .option('--report-only', 'report drift, re-emit nothing')
      .option('--page-size <n>', 'reservations compared per store lookup', integerOption(1, 10_000))
      .option('--fail-on-drift', 'exit with code 1 when drift is left unrepaired')
      .action(
        run(async ({ sale, out }, command) => {
          const options = command.opts<ReconcileCommandOptions>();
          const sink = await loadSink(options.sink);
          const result = await reconcileSale(sale, sink, {
            ...(options.reportOnly === true && { repair: false }),
            ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
          });
          if (out.jsonMode) out.json(result);
          else
            printResult(result, (line) => {
              out.text(line);
            });
          if (options.failOnDrift === true && result.unrepaired.length > 0) {
            throw new CliError(`${String(result.unrepaired.length)} drifts left unrepaired`);
          }
        }),
      );
  },
};

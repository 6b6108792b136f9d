/**
 * A shop server's sales with the whole order pipeline behind them: each sale is
 * preloaded, gets an `OutboxWorker` that writes its orders to the sink (queued
 * purchases go `pending` → `placed`), and an `ExpirySweeper` that returns unpaid
 * holds to stock. Both run in every server process; both are safe to run in
 * many at once.
 */
import {
  ExpirySweeper,
  FlashSale,
  OutboxWorker,
  type OrderSink,
  type PreloadOptions,
  type RedisClient,
} from '../../src/index.js';
import type { SaleRegistry } from './sale-registry.js';
import { shopSale, type SaleListing, type ShopSale } from './shop-sale.js';

/** Options of {@link Shop}. */
export interface ShopOptions {
  readonly redis: RedisClient;
  /** Where orders go: a database (examples/postgres-sink) or {@link MemorySink}. */
  readonly sink: OrderSink;
  /** Prepended to every key. @defaultValue the library's (`'flash-sale:'`) */
  readonly keyPrefix?: string;
  /** How often unpaid holds are looked for. @defaultValue `250` */
  readonly sweepIntervalMs?: number;
  /** Told of pipeline errors (a failing sink, Redis down), with where they happened. */
  readonly onError?: (error: unknown, where: string) => void;
}

/** One sale to run. */
export interface SaleSetup {
  readonly saleId: string;
  /** The stock and rules; absent for a sale that is already loaded, served as it is. */
  readonly preload?: PreloadOptions;
  readonly listing?: SaleListing;
}

/** The sales of one server and their pipeline. */
export class Shop {
  private readonly registry = new Map<string, ShopSale>();
  private readonly workers: OutboxWorker[] = [];
  private readonly sweepers: ExpirySweeper[] = [];

  constructor(private readonly options: ShopOptions) {}

  /** The sales, by id, for the HTTP apps. */
  get sales(): SaleRegistry {
    return this.registry;
  }

  /**
   * Preloads a sale (a repeat with the same settings is harmless; other settings
   * throw `SaleConflictError`), then runs its pipeline.
   */
  async addSale(setup: SaleSetup): Promise<ShopSale> {
    const { redis, sink, keyPrefix, onError } = this.options;
    const sale = new FlashSale({
      redis,
      saleId: setup.saleId,
      ...(keyPrefix === undefined ? {} : { keyPrefix }),
    });
    if (setup.preload !== undefined) await sale.preload(setup.preload);
    const shop = shopSale(sale, setup.listing);
    const worker = new OutboxWorker({
      sale,
      sink,
      onError: (error, stage) => onError?.(error, `worker ${sale.saleId} (${stage})`),
    });
    const sweeper = new ExpirySweeper({
      sales: [sale],
      intervalMs: this.options.sweepIntervalMs ?? 250,
      onError: (error) => onError?.(error, `sweeper ${sale.saleId}`),
    });
    worker.start();
    sweeper.start();
    this.workers.push(worker);
    this.sweepers.push(sweeper);
    this.registry.set(sale.saleId, shop);
    return shop;
  }

  /** Stops every worker and sweeper (a write in flight finishes first). */
  async close(): Promise<void> {
    await Promise.all([
      ...this.workers.splice(0).map(async (worker) => worker.stop()),
      ...this.sweepers.splice(0).map(async (sweeper) => sweeper.stop()),
    ]);
  }
}

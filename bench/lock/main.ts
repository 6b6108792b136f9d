/**
 * `npm run bench:lock`: acquire/release pairs per second for this package's locks
 * against redis-semaphore's Mutex and redlock 4.2, on one freshly started
 * redis-server (never the shared 6379), in one run, printed as one table.
 *
 * The library's sources import `.lua` files, which plain tsx cannot load, so the
 * loader is registered first and the benchmark body imported after it.
 */
import '../../test/lock/fixtures/register-lua.js';

const { runLockBench } = await import('./run.js');
await runLockBench();

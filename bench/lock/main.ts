/**
 * `npm run bench:lock`: acquire/release pairs per second for this package's locks
 * against redis-semaphore's Mutex and redlock 4.2, on freshly started redis-servers
 * (never the shared 6379), in one run, printed as one table.
 */
import { runLockBench } from './run.js';

await runLockBench();

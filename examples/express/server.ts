/**
 * The Express example, runnable: the buyer's page at http://localhost:3000/ and
 * the JSON API, with the whole order pipeline. From the repository root:
 *
 *   npm run example:express   (or: npx tsx examples/express/server.ts)
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379; it must answer),
 * DATABASE_URL (orders to PostgreSQL; unset, to memory), PORT (3000), SALE_ID
 * (a new sale per start), SALE_STOCK (5), SALE_HOLD_MS (120000),
 * SALE_OPENS_IN_MS (15000).
 */
import { serveExample } from '../http/serve.js';
import { createExpressApp } from './app.js';

await serveExample('Express', (sales, options) => createExpressApp(sales, options));

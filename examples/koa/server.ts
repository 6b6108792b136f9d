/**
 * The Koa example, runnable: the buyer's page at http://localhost:3000/ and the
 * JSON API, with the whole order pipeline. From the repository root:
 *
 *   npm run example:koa   (or: npx tsx examples/koa/server.ts)
 *
 * Environment: as the Express example (see examples/express/server.ts).
 */
import { serveExample } from '../http/serve.js';
import { createKoaApp } from './app.js';

await serveExample('Koa', (sales, options) => createKoaApp(sales, options).callback());

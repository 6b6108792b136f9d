/**
 * The Koa example, runnable. From the repository root:
 *
 *   npx tsx --import ./build/register-lua.ts examples/koa/server.ts
 *
 * (`--import ./build/register-lua.ts` loads the library's `.lua` scripts from the
 * TypeScript sources; an app using the published package needs nothing of the kind.)
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379), PORT (default 3000),
 * SALE_ID (default demo). It preloads a 100-unit sale and prints curl lines.
 */
import { serveExample } from '../http/serve.js';
import { createKoaApp } from './app.js';

await serveExample('Koa', (sales) => createKoaApp(sales).callback());

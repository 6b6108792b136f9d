import { createServer, type RequestListener } from 'node:http';
import { curlLines, openDemoSales, type DemoSales } from './demo-sale.js';
import type { SaleRegistry } from './sale-registry.js';

/**
 * Runs an example server: opens the demo sale, serves `listener(sales)` on
 * `PORT` (default 3000), prints curl lines, and on SIGINT/SIGTERM stops taking
 * requests, lets running ones finish and closes Redis.
 */
export async function serveExample(
  name: string,
  listener: (sales: SaleRegistry) => RequestListener,
): Promise<void> {
  const demo: DemoSales = await openDemoSales(process.env);
  const port = Number(process.env['PORT'] ?? 3000);
  const server = createServer(listener(demo.sales));
  server.listen(port, () => {
    console.log(`${name} example listening on http://localhost:${String(port)}\n`);
    console.log(curlLines(`http://localhost:${String(port)}`, demo.saleId));
  });
  const stop = (): void => {
    console.log('stopping: finishing open requests');
    server.close(() => {
      void demo.close();
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * npm run bench:diagnostics — only the diagnostics part of `npm run bench`: the
 * cost of the diagnostics channels to tryPurchase with nobody listening, a no-op
 * listener and the OpenTelemetry bridge, and the publish path alone.
 *
 *   BENCH_MS=1500 npm run bench:diagnostics   # measurement window per case
 */
import { cpus } from 'node:os';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { reportDiagnosticsCost } from './report.js';

const durationMs = Number(process.env['BENCH_MS'] ?? 1500);
const server = await startRedisServer({ args: ['--appendonly', 'no'] });
try {
  console.log(
    `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; each case ${String(durationMs)} ms after a warm-up`,
  );
  await reportDiagnosticsCost(server.port, durationMs);
} finally {
  await server.stop();
}

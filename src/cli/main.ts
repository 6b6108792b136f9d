/**
 * The `flash-sale` command (the package's `bin`, built to dist/cli.js): see
 * docs/cli.md. Ctrl-C stops `watch` cleanly; the exit code says how it went.
 */
import { runCli } from './program.js';

const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // the first asks the command to stop (watch ends its loop); a second one ends the process
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  });
}
const code = await runCli(process.argv.slice(2), process, stop.signal);
// Exit once the output is flushed: ioredis may keep a timer alive for a few
// seconds after a refused connection, and a failed command must not wait for it.
process.stdout.write('', () => {
  process.stderr.write('', () => process.exit(code));
});

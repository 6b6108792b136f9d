import { Command, CommanderError, Option } from 'commander';
import { FlashSale } from 'flash-sale';
import { PACKAGE_VERSION } from '../shared/version.generated.js';
import { UsageError } from './cli-error.js';
import type { Runner } from './command.js';
import { COMMANDS } from './commands/index.js';
import { createClient } from './connect.js';
import { outputTo, type CliStreams } from './output/output.js';
import { integerOption } from './parse.js';

/** Exit codes: success, a typed error (the library's or the CLI's), bad usage. */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

/** The options every command shares, given before or after the command's name. */
interface GlobalOptions {
  readonly redis: string;
  readonly cluster?: string;
  readonly keyPrefix?: string;
  readonly sale: string;
  readonly json?: boolean;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs?: number;
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function globalOptions(): Option[] {
  return [
    new Option('--redis <url>', 'the Redis server')
      .env('FLASH_SALE_REDIS_URL')
      .default(DEFAULT_REDIS_URL),
    new Option(
      '--cluster <seeds>',
      'connect to a Redis Cluster through these seed nodes (host:port,host:port…); --redis then gives only credentials and TLS',
    ),
    new Option('--key-prefix <prefix>', "the sale's key prefix (FlashSale's keyPrefix)"),
    new Option('--sale <id>', 'the sale id').makeOptionMandatory(),
    new Option('--json', 'print machine-readable JSON (one document per line)'),
    new Option('--connect-timeout-ms <ms>', 'give up connecting after this long')
      .argParser(integerOption(1, 600_000))
      .default(3000),
    new Option(
      '--command-timeout-ms <ms>',
      "how long one Redis call may take (FlashSale's commandTimeoutMs)",
    ).argParser(integerOption(1, 600_000)),
  ];
}

/** The program, its commands defined; `run` connects for each action. */
export function buildProgram(streams: CliStreams, signal: AbortSignal): Command {
  const program = new Command('flash-sale')
    .description('Operate a flash sale on Redis: stats, holds, dead letters, preload, expire.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    })
    .exitOverride();
  for (const option of globalOptions()) program.addOption(option);
  const run: Runner =
    (action) =>
    async (...args) => {
      // commander calls an action with its arguments, the options, then the command
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals<GlobalOptions>();
      const pending = createClient({
        redis: globals.redis,
        cluster: globals.cluster,
        connectTimeoutMs: globals.connectTimeoutMs,
      });
      try {
        const sale = new FlashSale({
          redis: pending.client,
          saleId: globals.sale,
          ...(globals.keyPrefix === undefined ? {} : { keyPrefix: globals.keyPrefix }),
          ...(globals.commandTimeoutMs === undefined
            ? {}
            : { commandTimeoutMs: globals.commandTimeoutMs }),
        });
        await pending.open();
        const out = outputTo(streams, globals.json === true);
        await action({ sale, out, signal }, command);
      } finally {
        pending.client.disconnect();
      }
    };
  for (const command of COMMANDS) command.define(program, run);
  // every subcommand (and theirs) writes, parses and exits as the program does
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program).slice(1)) {
    command
      .configureOutput({
        writeOut: (text) => streams.stdout.write(text),
        writeErr: (text) => streams.stderr.write(text),
      })
      .showHelpAfterError('(run with --help for usage)')
      .exitOverride();
  }
  return program;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one command line (`argv` without node and the script) and answers its exit
 * code; prints `error: <message>` on stderr for a failure.
 */
export async function runCli(
  argv: readonly string[],
  streams: CliStreams,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const program = buildProgram(streams, signal);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help, or the version) already
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // the library's typed errors and the CLI's own say what was wrong in their message
    streams.stderr.write(`error: ${message(error)}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.error;
  }
}

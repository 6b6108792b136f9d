import { readFile } from 'node:fs/promises';
import type { PreloadOptions } from 'flash-sale';
import type { CliCommand } from '../command.js';
import { CliError } from '../cli-error.js';

/** The JSON in `file`: an object, else a {@link CliError} naming the file. */
async function readJsonObject(file: string): Promise<object> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(
      `${file} must hold one JSON object (FlashSale.preload's options), not ${JSON.stringify(value).slice(0, 80)}`,
    );
  }
  return value;
}

interface PreloadCommandOptions {
  readonly file: string;
  readonly force?: boolean;
}

/**
 * `preload --file sale.json`: FlashSale.preload with the file's object as its
 * options. preload checks every value before it writes anything, and its
 * error names the bad one (`perUserLimit`, `items[3].stock`, …).
 */
export const preloadCommand: CliCommand = {
  name: 'preload',
  define(program, run) {
    program
      .command('preload')
      .description(
        "load the sale's stock and rules from a JSON file of FlashSale.preload's options",
      )
      .requiredOption(
        '--file <path>',
        'the JSON file: { "stock": 100, … } or { "items": [ … ], … }',
      )
      .option(
        '--force',
        'replace the settings of a sale already loaded (the file\'s "force": true)',
      )
      .action(
        run(async ({ sale, out }, command) => {
          const options = command.opts<PreloadCommandOptions>();
          const given = await readJsonObject(options.file);
          const preload = (
            options.force === true ? { ...given, force: true } : given
          ) as PreloadOptions;
          const outcome = await sale.preload(preload);
          const stats = await sale.stats();
          if (out.jsonMode) {
            out.json({ outcome, stats });
            return;
          }
          out.text(
            `${outcome}: sale ${stats.saleId}, ${String(stats.items)} item(s), ${String(stats.available)} available, phase ${stats.phase}`,
          );
        }),
      );
  },
};

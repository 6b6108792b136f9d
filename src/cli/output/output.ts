/** Where a command writes: its results to stdout, as text or as JSON. */
export interface Output {
  /** True with `--json`: commands print {@link Output.json} only. */
  readonly jsonMode: boolean;
  /** One line (or block) of human text. */
  text(block: string): void;
  /** One JSON document on one line. */
  json(value: unknown): void;
  /** Clears a terminal (watch, between refreshes); does nothing on a pipe or file. */
  clearScreen(): void;
}

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/** The streams the CLI writes to (process.stdout/stderr, or a test's). */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

/** An {@link Output} over `streams`. */
export function outputTo(streams: CliStreams, jsonMode: boolean): Output {
  return {
    jsonMode,
    text(block) {
      streams.stdout.write(`${block}\n`);
    },
    json(value) {
      streams.stdout.write(`${JSON.stringify(value)}\n`);
    },
    clearScreen() {
      if (streams.stdout.isTTY === true) streams.stdout.write(CLEAR_SCREEN);
    },
  };
}

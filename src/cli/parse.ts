import { InvalidArgumentError } from 'commander';

/** A commander argument parser for an integer in `[min, max]`: anything else is a usage error. */
export function integerOption(min: number, max: number) {
  return (value: string): number => {
    const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) {
      throw new InvalidArgumentError(
        `expected an integer from ${String(min)} to ${String(max)}, got ${JSON.stringify(value)}`,
      );
    }
    return number;
  };
}

/** A comma-separated list, e.g. `--ids a,b`; repeats add up. */
export function listOption(value: string, previous: readonly string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ];
}

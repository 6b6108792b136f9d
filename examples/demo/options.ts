/**
 * The demo's settings from the environment, checked before anything runs: a bad
 * value stops the demo with a message naming it, never a NaN in the report.
 */

/** What the demo runs. */
export interface DemoOptions {
  /** Buy requests in the crowd (DEMO_BUYERS, default 20,000). */
  readonly buyers: number;
  /** Units for sale (DEMO_STOCK, default 100). */
  readonly stock: number;
  /** The payment window in ms (DEMO_HOLD_MS), or undefined for the backend's default. */
  readonly holdMs: number | undefined;
  /** REDIS_URL, when set. */
  readonly redisUrl: string | undefined;
}

/** A setting the demo cannot run with. */
export class DemoOptionError extends Error {
  override readonly name = 'DemoOptionError' as const;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * An integer setting (`_` and `,` allowed as digit separators) within bounds, or
 * undefined when unset or blank.
 */
function integerSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const digits = raw.trim().replace(/[_,]/g, '');
  const value = /^\d{1,9}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DemoOptionError(
      `${name} must be a whole number from ${fmt(min)} to ${fmt(max)}; got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Reads and checks every setting; throws {@link DemoOptionError} on the first bad one. */
export function demoOptions(env: NodeJS.ProcessEnv): DemoOptions {
  const redisUrl = env['REDIS_URL'];
  if (redisUrl !== undefined && !/^rediss?:\/\/\S*$/.test(redisUrl)) {
    throw new DemoOptionError(
      `REDIS_URL must be a redis:// or rediss:// URL (or unset); got ${JSON.stringify(redisUrl)}`,
    );
  }
  return {
    buyers: integerSetting(env, 'DEMO_BUYERS', 1, 1_000_000) ?? 20_000,
    stock: integerSetting(env, 'DEMO_STOCK', 1, 100_000) ?? 100,
    holdMs: integerSetting(env, 'DEMO_HOLD_MS', 200, 600_000),
    redisUrl,
  };
}

/**
 * The example servers' settings from the environment, checked before anything
 * starts: a bad value stops the server with a message naming it.
 */

/** What an example server runs. */
export interface ServerOptions {
  /** PORT, default 3000. */
  readonly port: number;
  /** REDIS_URL, default redis://127.0.0.1:6379. It must answer: there is no fallback. */
  readonly redisUrl: string;
  /** DATABASE_URL: orders go to PostgreSQL there; unset, to memory. */
  readonly databaseUrl: string | undefined;
  /** SALE_ID, default `drop-<time>` (a new sale per start). */
  readonly saleId: string;
  /** SALE_STOCK, default 5. */
  readonly stock: number;
  /** SALE_HOLD_MS, default 120,000 (two minutes to pay). */
  readonly holdMs: number;
  /** SALE_OPENS_IN_MS, default 15,000: the page counts down to the opening. */
  readonly opensInMs: number;
}

/** A setting the server cannot start with. */
export class ServerOptionError extends Error {
  override readonly name = 'ServerOptionError' as const;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const digits = raw.trim().replace(/[_,]/g, '');
  const value = /^\d{1,10}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ServerOptionError(
      `${name} must be a whole number from ${fmt(min)} to ${fmt(max)}; got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, schemes: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const scheme = /^([a-z]+):\/\/\S+$/.exec(raw)?.[1];
  if (scheme === undefined || !schemes.includes(scheme)) {
    const allowed = schemes.map((s) => `${s}://`).join(' or ');
    throw new ServerOptionError(`${name} must be a ${allowed} URL; got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** Reads and checks every setting; throws {@link ServerOptionError} on the first bad one. */
export function serverOptions(env: NodeJS.ProcessEnv, nowMs = Date.now()): ServerOptions {
  const saleId = env['SALE_ID'] ?? `drop-${nowMs.toString(36)}`;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(saleId)) {
    throw new ServerOptionError(
      `SALE_ID must be 1-64 characters from A-Z a-z 0-9 _ . -; got ${JSON.stringify(saleId)}`,
    );
  }
  return {
    port: integer(env, 'PORT', 3000, 1, 65_535),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']) ?? 'redis://127.0.0.1:6379',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    saleId,
    stock: integer(env, 'SALE_STOCK', 5, 1, 1_000_000),
    holdMs: integer(env, 'SALE_HOLD_MS', 120_000, 1000, 86_400_000),
    opensInMs: integer(env, 'SALE_OPENS_IN_MS', 15_000, 0, 86_400_000),
  };
}

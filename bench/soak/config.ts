/** What the soak's orchestrator tells each child process (JSON in SOAK_CONFIG). */
export interface SoakConfig {
  /** Where the buyers connect: the dropping proxy. */
  readonly proxyPort: number;
  /** Where the workers and the sweeper connect: Redis itself. */
  readonly redisPort: number;
  readonly saleId: string;
  readonly keyPrefix: string;
  /** Buyers' user ids are `u0` … `u<users-1>`, shared by every buyer process. */
  readonly users: number;
  /** Concurrent purchase loops per buyer process. */
  readonly loops: number;
  /** For a worker: the file its sink appends delivered event ids to. */
  readonly sinkFile?: string;
  /** For a buyer: the file it appends the id of every hold it was answered with. */
  readonly answersFile?: string;
}

/** The child's config, from its environment. */
export function soakConfig(): SoakConfig {
  const text = process.env['SOAK_CONFIG'];
  if (text === undefined) throw new Error('SOAK_CONFIG is not set: run npm run soak');
  return JSON.parse(text) as SoakConfig;
}

/** A pause of up to `maxMs`. */
export async function pause(maxMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * maxMs)));
}

import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/redis-client.js';
import { callRedis } from '../redis/call-redis.js';

/** Joins the package version into command names: two versions on one client never collide. */
const VERSION_SUFFIX = __FLASH_SALE_VERSION__.replace(/[^0-9A-Za-z]/g, '_');

type ScriptCommand = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * One bundled Lua script, called through ioredis `defineCommand` (EVALSHA, with
 * EVAL after NOSCRIPT). This is the only place that touches ioredis' dynamic
 * command methods, so everything above it stays typed.
 * @internal
 */
export class LuaScript {
  /** Command name registered on the client, e.g. `flashSalePurchase_0_1_0`. */
  readonly commandName: string;
  /** SHA1 of {@link LuaScript.source}, as `SCRIPT LOAD` reports it. */
  readonly sha: string;
  private readonly defined = new WeakSet<RedisClient>();

  /**
   * @param name - short name, e.g. `'purchase'`
   * @param numberOfKeys - how many leading arguments are keys (always given: Cluster
   *   auto-pipelining and ioredis-mock both need it)
   * @param source - the script text, inlined at build time
   */
  constructor(
    name: string,
    readonly numberOfKeys: number,
    readonly source: string,
  ) {
    this.commandName = `flashSale${name[0]?.toUpperCase() ?? ''}${name.slice(1)}_${VERSION_SUFFIX}`;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /**
   * Runs the script; rejects with typed errors for infrastructure failures.
   *
   * @param operation - public operation name, for error messages
   */
  async run(
    client: RedisClient,
    operation: string,
    timeoutMs: number,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(
        `${this.commandName} takes ${String(this.numberOfKeys)} keys, got ${String(keys.length)}`,
      );
    }
    return callRedis(operation, timeoutMs, this.command(client)(...keys, ...args));
  }

  private command(client: RedisClient): ScriptCommand {
    if (!this.defined.has(client)) {
      client.defineCommand(this.commandName, { numberOfKeys: this.numberOfKeys, lua: this.source });
      this.defined.add(client);
    }
    const command = (client as unknown as Record<string, ScriptCommand | undefined>)[
      this.commandName
    ];
    if (command === undefined) throw new Error(`defineCommand did not create ${this.commandName}`);
    return command.bind(client);
  }
}

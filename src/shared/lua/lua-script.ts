import type { RedisClient } from '../redis/redis-client.js';
import { callRedis } from '../redis/call-redis.js';
import { PACKAGE_VERSION } from '../version.generated.js';
import type { LuaScriptSource } from './lua-script-source.js';

/** Joins the package version into command names: two versions on one client never collide. */
const VERSION_SUFFIX = PACKAGE_VERSION.replace(/[^0-9A-Za-z]/g, '_');

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
  /**
   * How many leading arguments are keys (always given: Cluster auto-pipelining and
   * ioredis-mock both need it).
   */
  readonly numberOfKeys: number;
  /** The script text, generated from the `.lua` files. */
  readonly source: string;
  /** SHA1 of {@link LuaScript.source}, as `SCRIPT LOAD` reports it. */
  readonly sha: string;
  private readonly defined = new WeakSet<RedisClient>();

  /**
   * @param name - command stem, e.g. `'purchase'` or `'lockAcquire'`
   * @param script - the generated record (`scripts.generated.ts` beside the `.lua` files)
   */
  constructor(name: string, script: LuaScriptSource) {
    this.commandName = `flashSale${name[0]?.toUpperCase() ?? ''}${name.slice(1)}_${VERSION_SUFFIX}`;
    this.numberOfKeys = script.numberOfKeys;
    this.source = script.source;
    this.sha = script.sha;
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

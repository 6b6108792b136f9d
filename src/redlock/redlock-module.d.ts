/**
 * A minimal private declaration of the parts of `redlock` 4.2 this package uses.
 * `@types/redlock` types its clients as ioredis 4 and rejects ioredis 6 under strict
 * TypeScript, so it is not used; nothing here appears in a public type.
 */
declare module 'redlock' {
  namespace Redlock {
    /** The callback style redlock 4 calls its servers with. */
    type Callback = (error: Error | null, result?: unknown) => void;

    /** What redlock needs of a server: EVALSHA, then EVAL after NOSCRIPT. */
    interface Server {
      evalsha(hash: string, args: (string | number)[], callback: Callback): unknown;
      eval(args: (string | number)[], callback: Callback): unknown;
    }

    /** A lock as `unlock`/`extend` read it; `extend` also writes it. */
    interface LockLike {
      resource: string | string[];
      value: string;
      expiration: number;
    }

    /** A lock as `lock` resolves it. */
    interface Lock extends LockLike {
      attempts: number;
    }

    interface Options {
      driftFactor?: number;
      retryCount?: number;
      retryDelay?: number;
      retryJitter?: number;
    }
  }

  class Redlock {
    constructor(servers: readonly Redlock.Server[], options?: Redlock.Options);
    lock(resource: string, ttlMs: number): PromiseLike<Redlock.Lock>;
    extend(lock: Redlock.LockLike, ttlMs: number): PromiseLike<Redlock.Lock>;
    unlock(lock: Redlock.LockLike): PromiseLike<void>;
    static LockError: new (...args: never[]) => Error;
  }

  export = Redlock;
}

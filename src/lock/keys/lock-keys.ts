import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

/** The two Redis keys of one lock. @internal */
export interface LockKeys {
  /** The lock name as the caller gave it. */
  readonly name: string;
  /** Holds the holder's token, with the lock's expiry. */
  readonly lock: string;
  /** The last fencing token issued for this lock; outlives the lock. */
  readonly fence: string;
}

/**
 * Builds the keys of lock `name`. The name goes inside `{…}`, so on a Redis Cluster
 * the lock and its fence counter hash to one slot (scripts touching both would
 * otherwise fail with CROSSSLOT). Redis hashes the text between the first `{` and
 * the next `}`; both keys share everything up to that `}`, so they share the tag,
 * unless the tag is empty (then Redis hashes the whole key), which is refused.
 */
export function lockKeys(prefix: string, name: string): LockKeys {
  const lock = `${prefix}{${name}}`;
  const open = lock.indexOf('{');
  if (lock[open + 1] === '}') {
    throw new InvalidArgumentError(
      'key',
      name,
      'a name that gives a non-empty Redis Cluster hash tag (do not start it with "}" or put "{}" in keyPrefix)',
    );
  }
  return { name, lock, fence: `${lock}:fence` };
}

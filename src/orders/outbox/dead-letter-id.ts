import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

const ENTRY_ID = /^\d+-\d+$/;

/** Checks a dead letter id (a stream entry id, `<ms>-<seq>`). @internal */
export function entryId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !ENTRY_ID.test(value)) {
    throw new InvalidArgumentError(argument, value, 'a dead letter id ("<ms>-<seq>")');
  }
  return value;
}

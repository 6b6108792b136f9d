import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { OptionKind } from '../../shared/options/option-def.js';

/**
 * A name for a broker object (queue, exchange, stream, subject, routing key): a
 * non-empty string of at most `maxLength` UTF-8 bytes matching `pattern`.
 * @internal
 */
export function brokerName(
  pattern: RegExp,
  expectation: string,
  maxLength = 255,
): OptionKind<string> {
  return new OptionKind((argument, value) => {
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      Buffer.byteLength(value, 'utf8') > maxLength ||
      !pattern.test(value)
    ) {
      throw new InvalidArgumentError(argument, value, expectation);
    }
    return value;
  });
}

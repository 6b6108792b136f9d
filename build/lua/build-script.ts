/** Turns one script file into the text that ships, checked, with its SHA. */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { checkKeyCount } from './check-key-count.js';
import type { ScriptFile } from './discover-scripts.js';
import { assembleScript } from './resolve-includes.js';
import { renderWithoutComments } from './strip-comments.js';

/** A script as it ships. */
export interface BuiltScript {
  readonly name: string;
  readonly numberOfKeys: number;
  /** Includes spliced, comments and blank lines gone. */
  readonly source: string;
  /** SHA1 of `source` (UTF-8), as `SCRIPT LOAD` reports it. */
  readonly sha: string;
}

/** Assembles, checks and strips the script `script`. */
export function buildScript(script: ScriptFile): BuiltScript {
  const tokens = assembleScript(script.file);
  checkKeyCount(basename(script.file), script.numberOfKeys, tokens);
  const source = renderWithoutComments(tokens);
  return {
    name: script.name,
    numberOfKeys: script.numberOfKeys,
    source,
    sha: createHash('sha1').update(source, 'utf8').digest('hex'),
  };
}

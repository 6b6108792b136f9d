/**
 * The TypeScript code blocks of a markdown file, with the markers that tell the
 * docs check how to compile each. Markers are HTML comments right above a fence
 * (invisible when the page is rendered):
 *
 *   <!-- ts-prelude
 *   declare const db: { insertOrders(events: readonly OrderEvent[]): Promise<void> };
 *   -->            code compiled before the block: the app-specific names it uses
 *   <!-- ts-continues -->
 *                  the block goes on from the previous block of the same file
 *   <!-- ts-skip: why -->
 *                  not compiled; the reason is required
 */

/** One ```ts block and its markers. */
export interface CodeBlock {
  /** The markdown file, relative to the repository. */
  readonly file: string;
  /** The 1-based line of the block's first code line. */
  readonly line: number;
  readonly code: string;
  readonly prelude: string;
  readonly continues: boolean;
  /** Why the block is not compiled, or `null` when it is. */
  readonly skip: string | null;
}

const FENCE = /^```(ts|typescript)\s*$/;
const MARKER = /<!--\s*ts-(prelude|continues|skip)(?::?\s*)([\s\S]*?)-->\s*$/;

/** The code blocks of `text`, in order. Throws on a skip marker without a reason. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index] ?? '')) continue;
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    if (end === -1) throw new Error(`${file}:${String(index + 1)}: unclosed code block`);
    const markers = markersAbove(lines, index);
    const skip = markers.get('skip');
    if (skip?.trim() === '') {
      throw new Error(
        `${file}:${String(index + 1)}: ts-skip needs a reason (<!-- ts-skip: why -->)`,
      );
    }
    blocks.push({
      file,
      line: index + 2,
      code: lines.slice(index + 1, end).join('\n'),
      prelude: markers.get('prelude')?.trim() ?? '',
      continues: markers.has('continues'),
      skip: skip?.trim() ?? null,
    });
    index = end;
  }
  return blocks;
}

/** The markers in the HTML comments directly above line `fence` (blank lines allowed). */
function markersAbove(lines: readonly string[], fence: number): Map<string, string> {
  const markers = new Map<string, string>();
  let at = fence - 1;
  while (at >= 0) {
    if ((lines[at] ?? '').trim() === '') {
      at--;
      continue;
    }
    if (!(lines[at] ?? '').trimEnd().endsWith('-->')) break;
    let start = at;
    while (start >= 0 && !(lines[start] ?? '').includes('<!--')) start--;
    const comment = lines.slice(start, at + 1).join('\n');
    const match = MARKER.exec(comment);
    if (match?.[1] === undefined) break;
    markers.set(match[1], match[2] ?? '');
    at = start - 1;
  }
  return markers;
}

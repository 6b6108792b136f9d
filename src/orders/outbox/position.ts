/**
 * Orders two stream entry ids (`<ms>-<seq>`) as Redis does: by time, then by
 * sequence. Plain string comparison would put `…-10` before `…-9`.
 * @internal
 */
export function comparePositions(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

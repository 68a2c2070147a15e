import type { Row, Runner } from './engine';
import type { Bound } from './sql/query';

/**
 * Claims each due candidate with its own conditional UPDATE and returns the rows this owner won, re-read
 * after the claim. Shared by the outbox and the jobs table: exclusivity comes from the row count of each
 * claim, never from an in-process lock, so it holds across instances on one database.
 */
export async function claimEach<T>(
  r: Runner,
  candidates: Row[],
  claim: (id: string) => Bound,
  get: (id: string) => Bound,
  map: (row: Row) => T,
): Promise<T[]> {
  const claimed: T[] = [];
  for (const row of candidates) {
    const id = String(row.id);
    if ((await r.run(claim(id))) !== 1) continue;
    const [won] = (await r.all(get(id))).map(map);
    if (won) claimed.push(won);
  }
  return claimed;
}

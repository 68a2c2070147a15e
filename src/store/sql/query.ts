import type { Statement } from './statement';

/** A statement ready to run: which definition it came from (for diagnostics) and the statement itself. */
export interface Bound {
  readonly name: string;
  readonly statement: Statement;
}

/**
 * A named query definition. The store only runs statements bound through one of these, and every definition
 * carries sample arguments, so tests can render every statement the store can issue in both dialects.
 */
export interface QueryDef<A extends unknown[]> {
  readonly name: string;
  readonly sample: A;
  bind(...args: A): Bound;
}

/** Defines a query once; both engines render it from the same statement. */
export function defineQuery<A extends unknown[]>(
  name: string,
  sample: A,
  build: (...args: A) => Statement,
): QueryDef<A> {
  return { name, sample, bind: (...args: A) => ({ name, statement: build(...args) }) };
}

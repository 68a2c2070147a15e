import type { Value } from './types';

/** Comparison operators the store needs; nothing dialect-specific. */
export type Cmp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A WHERE-clause tree over the columns `C` of one table. */
export type Where<C extends string> =
  | { readonly kind: 'cmp'; readonly column: C; readonly op: Cmp; readonly value: Value }
  | { readonly kind: 'null'; readonly column: C }
  | { readonly kind: 'notNull'; readonly column: C }
  | { readonly kind: 'in'; readonly column: C; readonly values: readonly Value[] }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Where<C>[] };

/** `column = value` */
export const eq = <C extends string>(column: C, value: Value): Where<C> => ({ kind: 'cmp', column, op: '=', value });
/** `column < value` */
export const lt = <C extends string>(column: C, value: Value): Where<C> => ({ kind: 'cmp', column, op: '<', value });
/** `column <= value` */
export const lte = <C extends string>(column: C, value: Value): Where<C> => ({ kind: 'cmp', column, op: '<=', value });
/** `column > value` */
export const gt = <C extends string>(column: C, value: Value): Where<C> => ({ kind: 'cmp', column, op: '>', value });
/** `column >= value` */
export const gte = <C extends string>(column: C, value: Value): Where<C> => ({ kind: 'cmp', column, op: '>=', value });
/** `column IS NULL` */
export const isNull = <C extends string>(column: C): Where<C> => ({ kind: 'null', column });
/** `column IS NOT NULL` */
export const notNull = <C extends string>(column: C): Where<C> => ({ kind: 'notNull', column });
/** `column IN (...)`; an empty list matches nothing. */
export const within = <C extends string>(column: C, values: readonly Value[]): Where<C> => ({
  kind: 'in',
  column,
  values,
});
/** Conjunction; nested conjunctions are flattened so the rendered SQL stays readable. */
export const and = <C extends string>(...parts: Where<C>[]): Where<C> => ({
  kind: 'and',
  parts: parts.flatMap((p) => (p.kind === 'and' ? p.parts : [p])),
});
/** Disjunction. */
export const or = <C extends string>(...parts: Where<C>[]): Where<C> => ({ kind: 'or', parts });

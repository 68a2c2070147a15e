import { botState } from '../schema-messaging';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, within } from '../sql/where';
import { AT, T } from './samples';

/** Bot Framework storage with optimistic concurrency on an etag. */
export const botStateQueries = {
  read: defineQuery('botState.read', [T, ['k1', 'k2']], (t: string, keys: string[]) => on(botState, t).select({ where: within('state_key', keys) })),
  /** Unconditional write of an existing key (etag undefined or '*'). */
  overwrite: defineQuery('botState.overwrite', [T, 'k', '{}', 'e2', AT], (t: string, key: string, value: string, etag: string, at: string) =>
    on(botState, t).update({ value, etag, updated_at: at }, eq('state_key', key)),
  ),
  /** Conditional write: only while the stored etag is the one the caller read. */
  replace: defineQuery(
    'botState.replace',
    [T, 'k', '{}', 'e2', AT, 'e1'],
    (t: string, key: string, value: string, etag: string, at: string, expected: string) =>
      on(botState, t).update({ value, etag, updated_at: at }, and(eq('state_key', key), eq('etag', expected))),
  ),
  insertIfAbsent: defineQuery('botState.insertIfAbsent', [T, 'k', '{}', 'e1', AT], (t: string, key: string, value: string, etag: string, at: string) =>
    on(botState, t).insertIfAbsent({ state_key: key, value, etag, updated_at: at }, ['state_key']),
  ),
  delete: defineQuery('botState.delete', [T, ['k1']], (t: string, keys: string[]) => on(botState, t).delete(within('state_key', keys))),
};

import type { AuditEntry } from '../../domain/audit';
import type { CardCopy } from '../../services/ports';
import { auditLog, cardCopies, conversations } from '../schema-messaging';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, isNull } from '../sql/where';
import { AT, T } from './samples';

const sampleEntry: AuditEntry = {
  tenantId: T,
  at: AT,
  actorId: 'person',
  entityType: 'application',
  entityId: 'app',
  action: 'approve',
};

/** Audit log: append-only. */
export const auditQueries = {
  append: defineQuery('audit.append', [T, 'id', sampleEntry], (t: string, id: string, e: AuditEntry) =>
    on(auditLog, t).insert({
      id,
      at: e.at,
      actor_id: e.actorId,
      entity_type: e.entityType,
      entity_id: e.entityId,
      action: e.action,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      detail: e.detail ?? null,
    }),
  ),
  list: defineQuery('audit.list', [T, 'application', 'app'], (t: string, entityType: string, entityId: string) =>
    on(auditLog, t).select({
      where: and(eq('entity_type', entityType), eq('entity_id', entityId)),
      orderBy: [{ column: 'at' }, { column: 'id' }],
    }),
  ),
};

/** Conversation references: update-then-insert-if-absent upsert. */
export const conversationQueries = {
  get: defineQuery('conversations.get', [T, 'user:person'], (t: string, key: string) =>
    on(conversations, t).select({ columns: ['reference'], where: eq('conversation_key', key) }),
  ),
  update: defineQuery(
    'conversations.update',
    [T, 'user:person', '{}', AT],
    (t: string, key: string, reference: string, at: string) =>
      on(conversations, t).update({ reference, updated_at: at }, eq('conversation_key', key)),
  ),
  /** Marks the conversation greeted; affects no row when it already was (or is unknown). */
  markWelcomed: defineQuery(
    'conversations.markWelcomed',
    [T, 'user:person', AT],
    (t: string, key: string, at: string) =>
      on(conversations, t).update({ welcomed_at: at }, and(eq('conversation_key', key), isNull('welcomed_at'))),
  ),
  insertIfAbsent: defineQuery(
    'conversations.insertIfAbsent',
    [T, 'user:person', '{}', AT],
    (t: string, key: string, reference: string, at: string) =>
      on(conversations, t).insertIfAbsent({ conversation_key: key, reference, updated_at: at }, ['conversation_key']),
  ),
};

const sampleCopy: CardCopy = {
  tenantId: T,
  subjectType: 'application',
  subjectId: 'app',
  conversationKey: 'user:person',
  activityId: 'a1',
  createdAt: AT,
};

/** Card copies: recording the same posted message twice is harmless (insert-if-absent on the natural key). */
export const cardQueries = {
  add: defineQuery('cards.add', [T, 'id', sampleCopy], (t: string, id: string, c: CardCopy) =>
    on(cardCopies, t).insertIfAbsent(
      {
        id,
        subject_type: c.subjectType,
        subject_id: c.subjectId,
        conversation_key: c.conversationKey,
        activity_id: c.activityId,
        created_at: c.createdAt,
      },
      ['subject_type', 'subject_id', 'conversation_key', 'activity_id'],
    ),
  ),
  list: defineQuery('cards.list', [T, 'application', 'app'], (t: string, subjectType: string, subjectId: string) =>
    on(cardCopies, t).select({
      where: and(eq('subject_type', subjectType), eq('subject_id', subjectId)),
      orderBy: [{ column: 'created_at' }, { column: 'id' }],
    }),
  ),
};

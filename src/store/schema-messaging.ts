import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/** Audit log (SPEC §6); ids are time-ordered so entries with the same timestamp keep their order. */
export const auditLog = defineTable(
  'audit_log',
  {
    tenant_id: col.id(),
    id: col.id(64),
    at: col.timestamp(),
    actor_id: col.id(),
    entity_type: col.id(32),
    entity_id: col.id(),
    action: col.text(100),
    from_status: optional(col.id(32)),
    to_status: optional(col.id(32)),
    detail: optional(col.text(1000)),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_audit_entity', columns: ['tenant_id', 'entity_type', 'entity_id', 'at'] }],
  },
);

/** Bot Framework conversation references, for proactive messages. */
const conversationColumnsV1 = {
  tenant_id: col.id(),
  conversation_key: col.id(320),
  reference: col.json(),
  updated_at: col.timestamp(),
};

/** When the app greeted the conversation: the welcome card goes once, however often Teams repeats the install. Migration 0014. */
export const conversationColumnsWelcome = { welcomed_at: optional(col.timestamp()) };

/** Conversations as migration 0001 created them (migrations describe the table as it was). */
export const conversationsV1 = defineTable('conversations', conversationColumnsV1, {
  primaryKey: ['tenant_id', 'conversation_key'],
});

export const conversations = defineTable(
  'conversations',
  { ...conversationColumnsV1, ...conversationColumnsWelcome },
  { primaryKey: ['tenant_id', 'conversation_key'] },
);

/**
 * Every posted copy of a record's card. A surrogate id keeps the clustered key under SQL Server's 900 bytes;
 * duplicates are prevented by insert-if-absent on the natural key.
 */
export const cardCopies = defineTable(
  'card_copies',
  {
    tenant_id: col.id(),
    id: col.id(64),
    subject_type: col.id(40),
    subject_id: col.id(),
    conversation_key: col.id(320),
    activity_id: col.id(256),
    created_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_card_copies_subject', columns: ['tenant_id', 'subject_type', 'subject_id'] }],
  },
);

/** Durable outgoing messages (SPEC §6) with a lease for exactly-once claiming across instances. */
export const outbox = defineTable(
  'outbox',
  {
    tenant_id: col.id(),
    id: col.id(),
    seq: col.id(32),
    dedupe_key: col.id(300),
    conversation_key: col.id(320),
    kind: col.id(16),
    activity_id: optional(col.id(256)),
    subject_type: optional(col.id(40)),
    subject_id: optional(col.id()),
    view: col.text(100),
    data: col.json(),
    status: col.id(16),
    attempts: col.int(),
    next_attempt_at: col.timestamp(),
    created_at: col.timestamp(),
    sent_at: optional(col.timestamp()),
    last_error: optional(col.longtext()),
    locked_by: optional(col.id()),
    locked_until: optional(col.timestamp()),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    unique: [{ name: 'ux_outbox_dedupe', columns: ['tenant_id', 'dedupe_key'] }],
    indexes: [
      { name: 'ix_outbox_due', columns: ['tenant_id', 'status', 'next_attempt_at'] },
      { name: 'ix_outbox_sent', columns: ['tenant_id', 'conversation_key', 'sent_at'] },
    ],
  },
);

/**
 * Send slots reserved before each delivery (Teams' rate limits, SPEC §6): one row per slot, for a
 * conversation or, with `conversation_key` '*', for the tenant as a whole. Reserving in the database is what
 * keeps several instances within the limits together. Rows older than the longest window are pruned.
 */
export const sendSlots = defineTable(
  'send_slots',
  {
    tenant_id: col.id(),
    id: col.id(64),
    conversation_key: col.id(320),
    slot_at: col.timestamp(),
    message_id: col.id(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_send_slots_key', columns: ['tenant_id', 'conversation_key', 'slot_at'] }],
  },
);

/**
 * Per conversation (and '*' per tenant): a pause after Teams answered 429; when a conversation's own limits
 * put its next message back, the time it may go (so it is claimed then ahead of older messages to chats
 * that are not waiting, and a busy channel is not starved by a backlog of personal chats); and a version that
 * every slot reservation bumps first, so reservations for one tenant queue on this row's lock on either engine.
 */
export const sendPacing = defineTable(
  'send_pacing',
  {
    tenant_id: col.id(),
    pacing_key: col.id(320),
    paused_until: optional(col.timestamp()),
    /** Set when the conversation's own limits put a message back: from then its messages are claimed first. */
    waiting_until: optional(col.timestamp()),
    version: col.int(),
  },
  { primaryKey: ['tenant_id', 'pacing_key'] },
);

/**
 * Bot Framework state as migration 0001 created it. No longer used: the one thing it held (whether a conversation
 * was greeted) is `conversations.welcomed_at`. Kept in the migrations, which describe the tables as they were.
 */
export const botState = defineTable(
  'bot_state',
  { tenant_id: col.id(), state_key: col.id(320), value: col.json(), etag: col.id(64), updated_at: col.timestamp() },
  { primaryKey: ['tenant_id', 'state_key'] },
);

/** Which migrations have run; not tenant data. */
export const schemaMigrations = defineTable(
  'schema_migrations',
  { id: col.id(100), applied_at: col.timestamp() },
  { primaryKey: ['id'] },
);

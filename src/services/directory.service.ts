import { ValidationError } from '../domain/errors';
import type { Tenant } from '../domain/programme';
import type { Actor } from './actor';
import type { Clock, IdGenerator, Store } from './ports';

/** Who the Teams adapter says is acting; all of it comes from the authenticated activity, never card data. */
export interface Identity {
  entraTenantId: string;
  orgCode?: string;
  personId: string;
  name: string;
  email?: string;
}

const MAX_ID = 128;
const MAX_NAME = 200;

/** Stored for someone whose first activity carried no display name (Teams install events carry none). */
export const UNKNOWN_NAME = 'Teams user';

/**
 * Resolves tenants and people. A tenant is created the first time the app meets an Entra tenant (SPEC §2);
 * the person's Teams conversation is remembered so proactive messages can reach them later.
 */
export class DirectoryService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Finds or creates the tenant for an Entra tenant id (and organisation code, where one is shared). */
  async tenantFor(entraTenantId: string, orgCode = ''): Promise<Tenant> {
    if (!entraTenantId || entraTenantId.length > MAX_ID)
      throw new ValidationError('The activity has no usable tenant id.');
    const found = await this.store.tenants.findByEntra(entraTenantId, orgCode);
    if (found) return found;
    return this.store.tenants.ensure({
      id: this.ids.next(),
      entraTenantId,
      orgCode,
      name: orgCode ? `${orgCode} (${entraTenantId})` : entraTenantId,
      createdAt: this.clock.now().toISOString(),
    });
  }

  /**
   * Establishes the actor for a turn in `tenant` (from {@link tenantFor}): records the person's current name, and (for a
   * personal chat) stores the conversation reference under their personal key.
   */
  async identify(
    tenant: Tenant,
    identity: Identity,
    conversation?: { key: string; reference: unknown },
  ): Promise<Actor> {
    if (!identity.personId || identity.personId.length > MAX_ID) {
      throw new ValidationError('Teams did not say who you are (no Entra object id on the activity).');
    }
    const at = this.clock.now().toISOString();
    return this.store.inTenant(tenant.id, async (tx) => {
      // Install events carry no name: keep the one we know rather than overwrite it.
      const known = await tx.people.get(identity.personId);
      const name = identity.name.trim().slice(0, MAX_NAME) || known?.name || UNKNOWN_NAME;
      if (!known || known.name !== name || (identity.email && known.email !== identity.email)) {
        await tx.people.upsert({
          tenantId: tenant.id,
          id: identity.personId,
          name,
          email: identity.email ?? known?.email,
          updatedAt: at,
        });
      }
      // Every turn passes through here: write the reference only when it changed, not on every message.
      if (
        conversation &&
        JSON.stringify(await tx.conversations.get(conversation.key)) !== JSON.stringify(conversation.reference)
      ) {
        await tx.conversations.save(conversation.key, conversation.reference, at);
      }
      const email = identity.email ?? known?.email;
      return { tenantId: tenant.id, personId: identity.personId, name, ...(email ? { email } : {}) };
    });
  }

  /**
   * Records the person's sign-in address (user principal name), which Teams gives only on request: a chat link
   * and calendar free/busy need it. Ignores anything that is not an address.
   */
  async recordEmail(actor: Actor, email: string): Promise<void> {
    const address = email.trim();
    if (address.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return;
    await this.store.inTenant(actor.tenantId, async (tx) => {
      const known = await tx.people.get(actor.personId);
      if (known && known.email !== address)
        await tx.people.upsert({ ...known, email: address, updatedAt: this.clock.now().toISOString() });
    });
  }

  /**
   * Whether to greet this conversation: true the first time only, so a client that repeats the install event
   * (the Playground does on every page load) is greeted once. Stores the reference with it.
   */
  async welcomeOnce(tenantId: string, key: string, reference: unknown): Promise<boolean> {
    const at = this.clock.now().toISOString();
    return this.store.inTenant(tenantId, async (tx) => {
      if ((await tx.conversations.get(key)) === undefined) await tx.conversations.save(key, reference, at);
      return tx.conversations.markWelcomed(key, at);
    });
  }

  /** Stores a conversation reference (e.g. a team channel the app was installed in). */
  async rememberConversation(tenantId: string, key: string, reference: unknown): Promise<void> {
    await this.store.inTenant(tenantId, (tx) => tx.conversations.save(key, reference, this.clock.now().toISOString()));
  }

  /** The stored conversation references for these keys (missing ones omitted), in one transaction. */
  async references(tenantId: string, keys: string[]): Promise<unknown[]> {
    return this.store.inTenant(tenantId, async (tx) => {
      const found: unknown[] = [];
      for (const key of keys) {
        const ref = await tx.conversations.get(key);
        if (ref) found.push(ref);
      }
      return found;
    });
  }
}

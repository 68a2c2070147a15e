import type { Storage, StoreItems } from 'botbuilder';
import type { Store } from '../services/ports';
import { turnTenant } from './turn';

/**
 * Bot Framework state (teams-ai turn state) kept in the database, so a restart mid-conversation loses
 * nothing. Rows belong to the turn's tenant; outside a turn there is no tenant and nothing is read.
 */
export class DatabaseStorage implements Storage {
  constructor(private readonly store: Store) {}

  async read(keys: string[]): Promise<StoreItems> {
    const tenantId = turnTenant.getStore()?.tenantId;
    if (!tenantId || keys.length === 0) return {};
    const items = await this.store.inTenant(tenantId, (tx) => tx.botState.read(keys));
    const out: StoreItems = {};
    for (const [key, item] of Object.entries(items)) out[key] = { ...(item.value as object), eTag: item.etag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const tenantId = turnTenant.getStore()?.tenantId;
    if (!tenantId) return;
    await this.store.inTenant(tenantId, async (tx) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        await tx.botState.write(key, value, eTag);
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    const tenantId = turnTenant.getStore()?.tenantId;
    if (!tenantId) return;
    await this.store.inTenant(tenantId, (tx) => tx.botState.delete(keys));
  }
}

import type { BusyInterval } from '../domain/slot-search';
import type {
  CalendarEvent,
  CalendarEventRequest,
  CalendarPerson,
  CalendarPort,
  CalendarTenant,
} from '../services/calendar.port';
import type { IdGenerator, Store } from '../services/ports';

/**
 * The calendar without Microsoft 365: the local default, and the fallback where a tenant has not consented to
 * Graph. Events live in our database (one per meeting), free/busy is computed from them, and the card offers
 * each meeting as an .ics file so people can put it on whatever calendar they use. Virtual meetings have no
 * Teams link here: the card says to start a call from the chat.
 */
export class OfflineCalendar implements CalendarPort {
  readonly kind = 'offline' as const;

  constructor(
    private readonly store: Store,
    private readonly ids: IdGenerator,
    private readonly now: () => Date,
  ) {}

  async freeBusy(
    tenant: CalendarTenant,
    _asker: CalendarPerson,
    people: readonly CalendarPerson[],
    from: string,
    to: string,
  ): Promise<BusyInterval[][]> {
    const ids = people.map((p) => p.personId);
    const events = await this.store.inTenant(tenant.tenantId, (tx) => tx.offlineEvents.busy(ids, from, to));
    return ids.map((id) =>
      events
        .filter((e) => e.organizer === id || e.attendee === id)
        .map((e) => ({ start: e.start, end: e.end, kind: 'busy' as const })),
    );
  }

  async create(tenant: CalendarTenant, request: CalendarEventRequest): Promise<CalendarEvent> {
    const at = this.now().toISOString();
    const eventId = await this.store.inTenant(tenant.tenantId, (tx) =>
      tx.offlineEvents.ensure(
        {
          id: this.ids.next(),
          meetingId: request.meetingId,
          organizer: request.organizer.personId,
          attendee: request.attendee.personId,
          start: request.start,
          end: request.end,
        },
        at,
      ),
    );
    return { eventId };
  }

  async update(tenant: CalendarTenant, eventId: string, request: CalendarEventRequest): Promise<CalendarEvent> {
    const at = this.now().toISOString();
    await this.store.inTenant(tenant.tenantId, (tx) => tx.offlineEvents.move(eventId, request.start, request.end, at));
    return { eventId };
  }

  async cancel(tenant: CalendarTenant, eventId: string): Promise<void> {
    const at = this.now().toISOString();
    await this.store.inTenant(tenant.tenantId, (tx) => tx.offlineEvents.cancel(eventId, at));
  }
}

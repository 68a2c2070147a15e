import { ConflictError, DomainError, NotFoundError, StaleError } from '../domain/errors';
import type { Match } from '../domain/match';
import {
  checkBookable,
  checkMaySchedule,
  isFree,
  validateMeetingChoice,
  BOOKING_STALE_MS,
  UPCOMING_MEETING_STATUSES,
  type Meeting,
} from '../domain/meeting';
import type { Programme } from '../domain/programme';
import type { BusyInterval, Slot } from '../domain/slot-search';
import { findSlots } from '../domain/slots';
import type { BankHolidays } from '../domain/working-days';
import { CARD_SUBJECT, conversationKey, type Actor } from './actor';
import {
  CalendarError,
  type CalendarEventRequest,
  type CalendarPerson,
  type CalendarPort,
  type CalendarTenant,
} from './calendar.port';
import { queueCopyUpdates, type ClickedCard } from './card-copies';
import { MATCH_CARD_VIEWS } from './matches.service';
import { nameOf } from './names';
import { applicationOf } from './match-pool';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';
import { activate, SESSION_JOBS } from './sessions.service';

/** Days of free/busy read to offer slots (SPEC §3.3). */
export const OFFER_WINDOW_DAYS = 14;

/** Slots offered at once. */
export const OFFER_COUNT = 3;

/** What the "Choose a time" card shows. */
export interface MeetingOffer {
  matchId: string;
  otherName: string;
  /** Set when moving an existing meeting. */
  meeting?: Meeting;
  slots: Slot[];
  meetingLengthMinutes: number;
  calendar: CalendarPort['kind'];
  /** The other person's preference from their application, as a hint for virtual or in person. */
  defaultMode: 'virtual' | 'in-person';
}

/** A chosen time that was no longer free when re-checked: fresh slots come with it. */
export class SlotTakenError extends DomainError {
  constructor(
    readonly offer: MeetingOffer,
    message = 'That time is no longer free for both of you, so nothing was booked. Here are fresh times.',
  ) {
    super('stale', message);
    this.name = 'SlotTakenError';
  }
}

/** Failures after which the calendar may or may not have acted: a create is repeated under the same id. */
const AMBIGUOUS: readonly CalendarError['failure'][] = ['timeout', 'unavailable', 'throttled'];

/** A booking marked interrupted: older than any staleness limit, so the next attempt retries it at once. */
const INTERRUPTED = '1970-01-01T00:00:00.000Z';

/** A calendar call failed; the message says what to do, the failure is kept for the caller's decisions. */
export class CalendarFailed extends DomainError {
  constructor(readonly failure: CalendarError['failure']) {
    super(AMBIGUOUS.includes(failure) ? 'conflict' : 'not-configured', CALENDAR_MESSAGES[failure]);
    this.name = 'CalendarFailed';
  }
}

/** What the user is told for each calendar failure; the log line carries the status, never meeting text. */
const CALENDAR_MESSAGES: Record<CalendarError['failure'], string> = {
  forbidden:
    'The app may not use this calendar: your organisation has not given it access, or your mailbox is outside its scope. Nothing was booked; please tell your programme coordinators.',
  'not-found': 'The calendar could not find one of you (or the event was deleted in Outlook). Nothing was changed.',
  throttled: 'The calendar is busy right now. Nothing was changed; please try again in a few minutes.',
  timeout: 'The calendar did not answer in time. Nothing was changed; please try again in a moment.',
  'no-join-link':
    'The calendar could not create a Teams meeting link, so nothing was booked. Choose "In person", or ask your coordinators whether your Teams licence allows online meetings.',
  'no-mailbox':
    'The app does not know the mailbox of one of you yet, so it cannot read free time. Each of you: send the app any message in your personal chat, then try again.',
  unavailable: 'The calendar is unavailable right now. Nothing was changed; please try again later.',
};

/**
 * Meetings (SPEC §3.3): slots from both people's free/busy, one calendar event per meeting, moved or cancelled in
 * place. Calendar calls never run inside a database transaction: read, call the calendar, then write. A booking
 * row is written first (one per match, enforced by the database), so two clicks cannot make two events, and its
 * id is the calendar's idempotency key, so a retried create cannot either.
 */
export class MeetingsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
    private readonly calendar: CalendarPort,
    private readonly log: (line: string) => void = () => undefined,
    /**
     * Where new meetings go when the calendar refuses the tenant's mailboxes (no admin consent yet, or out of the
     * app's scope): the offline calendar, so the pair can still book. Each meeting remembers which calendar has it.
     */
    private readonly fallback?: CalendarPort,
  ) {}

  /** Fresh slots for the pair: to book the first meeting, or (with `meetingId`) to move one. */
  async offer(actor: Actor, ref: { matchId: string; meetingId?: string }): Promise<MeetingOffer> {
    const ctx = await this.context(actor, ref.matchId, ref.meetingId);
    return this.offerFor(ctx, ctx.meeting);
  }

  /**
   * Books the chosen time, or moves `meetingId` to it. The time is checked again against both calendars first;
   * if it is taken, SlotTakenError carries fresh slots and nothing is booked.
   */
  async book(
    actor: Actor,
    input: {
      matchId: string;
      meetingId?: string;
      meetingVersion?: number;
      start: unknown;
      mode: unknown;
      location: unknown;
    },
    clicked?: ClickedCard,
  ): Promise<Meeting> {
    const ctx = await this.context(actor, input.matchId, input.meetingId);
    const settings = ctx.programme.settings;
    const now = this.clock.now().toISOString();
    const choice = validateMeetingChoice({ mode: input.mode, location: input.location });
    let when: { start: string; end: string };
    try {
      when = checkBookable(input.start, {
        now,
        meetingLengthMinutes: settings.meetingLengthMinutes,
        workingHours: settings.workingHours,
        nation: settings.bankHolidayNation,
        holidays: this.holidays,
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new SlotTakenError(
        await this.offerFor(ctx, ctx.meeting),
        `${e.message} Nothing was booked; here are fresh times.`,
      );
    }
    if (!ctx.meeting && ctx.upcoming?.status === 'scheduled')
      throw new ConflictError('This match already has a meeting booked: move or cancel it from the match card.');
    if (ctx.meeting && (ctx.meeting.status !== 'scheduled' || ctx.meeting.version !== input.meetingVersion)) {
      throw new StaleError(
        'This meeting changed since this card was shown (it was moved or cancelled); nothing was changed.',
      );
    }
    const { calendar, busy } = await this.busyFor(ctx, ctx.meeting, when.start, when.end);
    const own = ctx.meeting ? [{ start: ctx.meeting.start, end: ctx.meeting.end }] : [];
    if (!isFree(busy, when.start, when.end, own)) throw new SlotTakenError(await this.offerFor(ctx, ctx.meeting));
    return ctx.meeting
      ? this.move(ctx, ctx.meeting, when, choice, clicked)
      : this.create(ctx, when, choice, calendar, clicked);
  }

  private async create(
    ctx: Context,
    when: { start: string; end: string },
    choice: { mode: Meeting['mode']; location?: string },
    chosen: CalendarPort,
    clicked?: ClickedCard,
  ): Promise<Meeting> {
    const at = this.clock.now().toISOString();
    const booking: Meeting = {
      tenantId: ctx.match.tenantId,
      id: this.ids.next(),
      programmeId: ctx.match.programmeId,
      matchId: ctx.match.id,
      organizerPersonId: ctx.self.personId,
      attendeePersonId: ctx.other.personId,
      ...when,
      ...choice,
      status: 'booking',
      calendar: chosen.kind,
      sequence: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const reserved = await this.reserve(ctx, () =>
      this.store.inTenant(ctx.match.tenantId, async (tx) => {
        // The match may have ended while the calendar was read.
        const match = await tx.matches.get(ctx.match.id);
        if (!match) throw new NotFoundError('That match does not exist in your organisation.');
        checkMaySchedule(match, ctx.self.personId);
        const upcoming = (await tx.meetings.listForMatch(ctx.match.id)).find((m) =>
          UPCOMING_MEETING_STATUSES.includes(m.status),
        );
        // A booking whose calendar call was interrupted (a crash, or an answer that never came) is retried under its
        // own id and at its own time, which the calendar recognises as the same event, rather than blocking the pair.
        const stale =
          upcoming?.status === 'booking' && Date.parse(at) - Date.parse(upcoming.updatedAt) > BOOKING_STALE_MS;
        if (stale && upcoming.organizerPersonId === ctx.self.personId) {
          const retried = { ...upcoming, version: upcoming.version + 1, updatedAt: at };
          if (await tx.meetings.update(retried, upcoming.version)) return retried;
        }
        if (stale)
          throw new ConflictError(
            `${ctx.other.name} started booking a meeting that did not finish; they can finish it by booking again from their match card.`,
          );
        if (upcoming)
          throw new ConflictError(
            upcoming.status === 'booking'
              ? 'A meeting for this match is being booked right now; look at the match card in a moment.'
              : 'This match already has a meeting booked: move or cancel it from the match card.',
          );
        if (await clashes(tx, ctx, when)) throw new TimeTaken();
        try {
          await tx.meetings.insert(booking);
        } catch (e) {
          if (e instanceof ConflictError)
            throw new ConflictError('A meeting for this match was booked a moment ago; look at the match card.');
          throw e;
        }
        return booking;
      }),
    );
    let event;
    try {
      // A retried booking goes to the calendar that first had it.
      const calendar = this.calendarFor(reserved);
      event = await this.calendarCall(calendar, () => calendar.create(ctx.tenant, this.request(ctx, reserved)));
    } catch (e) {
      const failure = e instanceof CalendarFailed ? e.failure : undefined;
      if (failure && AMBIGUOUS.includes(failure)) {
        // The calendar may have made the event without answering: the booking stays, marked interrupted, so the
        // next attempt repeats the create under the same id (which the calendar recognises) instead of a second one.
        await this.store.inTenant(ctx.match.tenantId, (tx) =>
          tx.meetings.update({ ...reserved, updatedAt: INTERRUPTED }, reserved.version),
        );
      } else {
        await this.store.inTenant(ctx.match.tenantId, (tx) => tx.meetings.deleteBooking(reserved.id, reserved.version));
      }
      throw e;
    }
    return this.store.inTenant(ctx.match.tenantId, async (tx) => {
      const scheduled: Meeting = {
        ...reserved,
        status: 'scheduled',
        eventId: event.eventId,
        joinUrl: event.joinUrl,
        webLink: event.webLink,
        version: reserved.version + 1,
        updatedAt: this.clock.now().toISOString(),
      };
      if (!(await tx.meetings.update(scheduled, reserved.version)))
        throw new StaleError('The booking changed while the calendar was answering; look at the match card.');
      await this.settle(tx, ctx, scheduled, 'meeting.book', clicked);
      await activate(tx, ctx.match, ctx.self.personId, scheduled.updatedAt);
      return scheduled;
    });
  }

  private async move(
    ctx: Context,
    meeting: Meeting,
    when: { start: string; end: string },
    choice: { mode: Meeting['mode']; location?: string },
    clicked?: ClickedCard,
  ): Promise<Meeting> {
    const moved: Meeting = {
      ...meeting,
      ...when,
      ...choice,
      location: choice.location,
      sequence: meeting.sequence + 1,
      version: meeting.version + 1,
      updatedAt: this.clock.now().toISOString(),
    };
    // The organiser's event is moved even when the other person moves it: one event, never a second.
    const organizer = meeting.organizerPersonId === ctx.self.personId ? ctx.self : ctx.other;
    const attendee = organizer === ctx.self ? ctx.other : ctx.self;
    const claimed = await this.reserve(ctx, () => this.claim(ctx, meeting, when), meeting);
    const calendar = this.calendarFor(meeting);
    let event: { joinUrl?: string; webLink?: string };
    let linkLost = false;
    try {
      event = await this.calendarCall(calendar, () =>
        calendar.update(
          ctx.tenant,
          meeting.eventId!,
          this.request({ ...ctx, self: organizer, other: attendee }, moved),
        ),
      );
    } catch (e) {
      // The calendar moved the event but gave no Teams link (the adapter checks after the change): the new time
      // stands, and the card says to start the call from the chat rather than showing a stale link.
      if (!(e instanceof CalendarFailed) || e.failure !== 'no-join-link') throw e;
      event = { webLink: meeting.webLink };
      linkLost = true;
    }
    return this.store.inTenant(ctx.match.tenantId, async (tx) => {
      const saved = {
        ...moved,
        version: claimed.version + 1,
        joinUrl: linkLost ? undefined : (event.joinUrl ?? (moved.mode === 'virtual' ? meeting.joinUrl : undefined)),
        webLink: event.webLink ?? meeting.webLink,
      };
      if (!(await tx.meetings.update(saved, claimed.version)))
        throw new StaleError('This meeting changed a moment ago; look at the match card.');
      await tx.jobs.cancel(promptKey(meeting), saved.updatedAt);
      await this.settle(tx, ctx, saved, 'meeting.move', clicked);
      return saved;
    });
  }

  /** Cancels the meeting on the calendar and here; both cards show it, the other person is told. */
  async cancel(
    actor: Actor,
    ref: { matchId: string; meetingId: string; meetingVersion: number },
    clicked?: ClickedCard,
  ): Promise<Meeting> {
    const ctx = await this.context(actor, ref.matchId, ref.meetingId);
    const meeting = ctx.meeting!;
    if (meeting.status !== 'scheduled' || meeting.version !== ref.meetingVersion)
      throw new StaleError(
        'This meeting changed since this card was shown (it was moved or cancelled); nothing was changed.',
      );
    const organizer = meeting.organizerPersonId === ctx.self.personId ? ctx.self : ctx.other;
    const claimed = await this.claim(ctx, meeting);
    const calendar = this.calendarFor(meeting);
    await this.calendarCall(calendar, () =>
      calendar.cancel(ctx.tenant, meeting.eventId!, organizer, `Cancelled by ${ctx.self.name} in the mentoring app.`),
    );
    return this.store.inTenant(ctx.match.tenantId, async (tx) => {
      const cancelled: Meeting = {
        ...meeting,
        status: 'cancelled',
        sequence: meeting.sequence + 1,
        version: claimed.version + 1,
        updatedAt: this.clock.now().toISOString(),
      };
      if (!(await tx.meetings.update(cancelled, claimed.version)))
        throw new StaleError('This meeting changed a moment ago; look at the match card.');
      await tx.jobs.cancel(promptKey(meeting), cancelled.updatedAt);
      await this.settle(tx, ctx, cancelled, 'meeting.cancel', clicked);
      return cancelled;
    });
  }

  /**
   * Takes the meeting for one change before the calendar is touched: the version moves on, so a second move or
   * cancel racing this one (the other person, a double click) is refused before it reaches the calendar.
   */
  private async claim(ctx: Context, meeting: Meeting, to?: { start: string; end: string }): Promise<Meeting> {
    return this.store.inTenant(ctx.match.tenantId, async (tx) => {
      const match = await tx.matches.get(ctx.match.id);
      if (!match) throw new NotFoundError('That match does not exist in your organisation.');
      checkMaySchedule(match, ctx.self.personId);
      if (to && (await clashes(tx, ctx, to, meeting.id))) throw new TimeTaken();
      const claimed = { ...meeting, version: meeting.version + 1, updatedAt: this.clock.now().toISOString() };
      if (!(await tx.meetings.update(claimed, meeting.version)))
        throw new StaleError('This meeting changed a moment ago (it was moved or cancelled); nothing was changed.');
      return claimed;
    });
  }

  /** Runs a booking's or a move's first write; a time taken meanwhile by another of the two people's meetings gets fresh slots. */
  private async reserve<T>(ctx: Context, write: () => Promise<T>, meeting?: Meeting): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof TimeTaken) throw new SlotTakenError(await this.offerFor(ctx, meeting));
      throw e;
    }
  }

  /** A meeting for one of its pair (the .ics download checks the person is still one of them). */
  async meetingFor(tenantId: string, meetingId: string, personId: string): Promise<MeetingFile | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const meeting = await tx.meetings.get(meetingId);
      const match = meeting && (await tx.matches.get(meeting.matchId));
      if (
        !meeting ||
        !match ||
        (match.menteePersonId !== personId && match.mentorPersonId !== personId) ||
        meeting.status === 'booking'
      )
        return undefined;
      const programme = await tx.programmes.get(match.programmeId);
      const person = async (id: string) => {
        const p = await tx.people.get(id);
        return { name: p?.name ?? 'Participant', ...(p?.email ? { email: p.email } : {}) };
      };
      return {
        meeting,
        organizer: await person(meeting.organizerPersonId),
        attendee: await person(meeting.attendeePersonId),
        programmeName: programme?.name ?? 'Mentoring',
      };
    });
  }

  /** Audit, the prompt to log at the meeting's end, the other person told, and every match card updated. */
  private async settle(
    tx: TenantTx,
    ctx: Context,
    meeting: Meeting,
    action: string,
    clicked?: ClickedCard,
  ): Promise<void> {
    const at = meeting.updatedAt;
    const otherIsMentor = ctx.match.mentorPersonId === ctx.other.personId;
    await tx.audit.append({
      tenantId: meeting.tenantId,
      at,
      actorId: ctx.self.personId,
      entityType: 'match',
      entityId: meeting.matchId,
      action,
      detail: `meeting ${meeting.id} s${meeting.sequence} ${meeting.start}`,
    });
    if (meeting.status === 'scheduled') {
      await tx.jobs.schedule(
        {
          id: this.ids.next(),
          kind: SESSION_JOBS.prompt,
          dueAt: meeting.end,
          payload: { meetingId: meeting.id, sequence: meeting.sequence },
          dedupeKey: promptKey(meeting),
        },
        at,
      );
    }
    await tx.outbox.enqueue(
      {
        dedupeKey: `meeting:${meeting.id}:v${meeting.version}:told`,
        conversationKey: conversationKey.personal(ctx.other.personId),
        kind: 'send',
        subjectType: otherIsMentor ? CARD_SUBJECT.matchMentor : CARD_SUBJECT.matchMentee,
        subjectId: meeting.matchId,
        view: 'meetingNotice',
        data: {
          matchId: meeting.matchId,
          viewer: otherIsMentor ? 'mentor' : 'mentee',
          byName: ctx.self.name,
          action,
          start: meeting.start,
          end: meeting.end,
        },
      },
      this.ids.next(),
      at,
    );
    await queueCopyUpdates(tx, this.ids, {
      views: MATCH_CARD_VIEWS,
      subjectId: meeting.matchId,
      key: `match:${meeting.matchId}:meeting:${meeting.id}:v${meeting.version}`,
      data: { matchId: meeting.matchId },
      clicked,
      at,
    });
  }

  private request(ctx: Context, meeting: Meeting): CalendarEventRequest {
    return {
      meetingId: meeting.id,
      organizer: ctx.self,
      attendee: ctx.other,
      subject: `Mentoring: ${ctx.menteeName} and ${ctx.mentorName}`,
      body: `A meeting of your ${ctx.programme.name} mentoring match, booked from the mentoring app in Teams. Log the session there afterwards.`,
      start: meeting.start,
      end: meeting.end,
      mode: meeting.mode,
      location: meeting.location,
    };
  }

  private async offerFor(ctx: Context, meeting?: Meeting): Promise<MeetingOffer> {
    const now = this.clock.now();
    const to = new Date(now.getTime() + OFFER_WINDOW_DAYS * 86_400_000).toISOString();
    const { calendar, busy } = await this.busyFor(ctx, meeting, now.toISOString(), to);
    const own = meeting ? { start: Date.parse(meeting.start), end: Date.parse(meeting.end) } : undefined;
    const calendars = busy.map((list) =>
      list.filter((b) => !own || Date.parse(String(b.start)) !== own.start || Date.parse(String(b.end)) !== own.end),
    );
    const s = ctx.programme.settings;
    const slots = findSlots({
      calendars,
      now: now.toISOString(),
      nation: s.bankHolidayNation,
      holidays: this.holidays,
      windowDays: OFFER_WINDOW_DAYS,
      meetingLengthMinutes: s.meetingLengthMinutes,
      workingHours: { start: s.workingHours.start, end: s.workingHours.end },
      count: OFFER_COUNT,
    });
    return {
      matchId: ctx.match.id,
      otherName: ctx.other.name,
      meeting,
      slots,
      meetingLengthMinutes: s.meetingLengthMinutes,
      calendar: calendar.kind,
      defaultMode: ctx.inPerson ? 'in-person' : 'virtual',
    };
  }

  /** The calendar that holds a meeting (new meetings: the configured one). */
  private calendarFor(meeting?: Meeting): CalendarPort {
    if (!meeting || meeting.calendar === this.calendar.kind || !this.fallback) return this.calendar;
    return this.fallback;
  }

  /**
   * Both people's busy time from the calendar that holds the meeting; for a new meeting, from the configured
   * calendar, or from the fallback when the configured one refuses these mailboxes.
   */
  private async busyFor(
    ctx: Context,
    meeting: Meeting | undefined,
    from: string,
    to: string,
  ): Promise<{ calendar: CalendarPort; busy: BusyInterval[][] }> {
    const calendar = this.calendarFor(meeting);
    try {
      return {
        calendar,
        busy: await this.calendarCall(calendar, () =>
          calendar.freeBusy(ctx.tenant, ctx.self, [ctx.self, ctx.other], from, to),
        ),
      };
    } catch (e) {
      const fallback = this.fallback;
      if (
        meeting ||
        !fallback ||
        !(e instanceof CalendarFailed) ||
        (e.failure !== 'forbidden' && e.failure !== 'no-mailbox')
      )
        throw e;
      this.log(
        `calendar ${calendar.kind} refused the mailboxes (${e.failure}): this booking uses the ${fallback.kind} calendar`,
      );
      return {
        calendar: fallback,
        busy: await this.calendarCall(fallback, () =>
          fallback.freeBusy(ctx.tenant, ctx.self, [ctx.self, ctx.other], from, to),
        ),
      };
    }
  }

  /** Runs a calendar call, turning its failures into clear messages (logged with status only). */
  private async calendarCall<T>(calendar: CalendarPort, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof CalendarError) {
        this.log(`calendar ${calendar.kind} failed: ${e.failure}${e.status ? ` (HTTP ${e.status})` : ''}`);
        throw new CalendarFailed(e.failure);
      }
      throw e;
    }
  }

  private async context(actor: Actor, matchId: string, meetingId?: string): Promise<Context> {
    // Read before the transaction: the store serialises transactions, so a store call inside one would wait on itself.
    const tenant = await this.store.tenants.get(actor.tenantId);
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      if (!match || (match.menteePersonId !== actor.personId && match.mentorPersonId !== actor.personId))
        throw new NotFoundError('That match does not exist in your organisation.');
      checkMaySchedule(match, actor.personId);
      const programme = await tx.programmes.get(match.programmeId);
      if (!tenant || !programme) throw new NotFoundError('The programme of this match no longer exists.');
      let meeting: Meeting | undefined;
      if (meetingId) {
        meeting = await tx.meetings.get(meetingId);
        if (!meeting || meeting.matchId !== match.id) throw new NotFoundError('That meeting is not one of this match.');
      }
      const upcoming = (await tx.meetings.listForMatch(match.id)).find((m) =>
        UPCOMING_MEETING_STATUSES.includes(m.status),
      );
      const mentee = await applicationOf(tx, match.menteeApplicationId);
      const mentor = await applicationOf(tx, match.mentorApplicationId);
      const person = async (id: string, name: string): Promise<CalendarPerson> => ({
        personId: id,
        email: (await tx.people.get(id))?.email,
        name,
      });
      const menteeName = await nameOf(tx, mentee);
      const mentorName = await nameOf(tx, mentor);
      const selfIsMentor = match.mentorPersonId === actor.personId;
      const self = await person(actor.personId, selfIsMentor ? mentorName : menteeName);
      const other = await person(
        selfIsMentor ? match.menteePersonId : match.mentorPersonId,
        selfIsMentor ? menteeName : mentorName,
      );
      return {
        tenant: { tenantId: tenant.id, entraTenantId: tenant.entraTenantId },
        match,
        programme,
        meeting,
        upcoming,
        self,
        other,
        menteeName,
        mentorName,
        inPerson: mentee.form.meetingPreference === 'in-person' && mentor.form.meetingPreference === 'in-person',
      };
    });
  }
}

/** What an .ics file of a meeting is built from. */
export interface MeetingFile {
  meeting: Meeting;
  organizer: { name: string; email?: string };
  attendee: { name: string; email?: string };
  programmeName: string;
}

/** The chosen time overlaps another meeting of one of the two people (in another of their matches). */
class TimeTaken extends Error {}

/**
 * Whether either person already has another meeting (booking or scheduled, in any match) overlapping `when`: the
 * calendars' free/busy does not yet show a meeting whose booking is still in flight, so the database decides.
 */
async function clashes(
  tx: TenantTx,
  ctx: Context,
  when: { start: string; end: string },
  except?: string,
): Promise<boolean> {
  const others = await tx.meetings.overlapping([ctx.self.personId, ctx.other.personId], when.start, when.end);
  return others.some((m) => m.id !== except);
}

interface Context {
  tenant: CalendarTenant;
  match: Match;
  programme: Programme;
  meeting?: Meeting;
  /** The match's meeting booking or scheduled, if any. */
  upcoming?: Meeting;
  self: CalendarPerson;
  other: CalendarPerson;
  menteeName: string;
  mentorName: string;
  inPerson: boolean;
}

/** The job that asks the mentor to log the meeting, per version of its time. */
function promptKey(meeting: Meeting): string {
  return `meeting:${meeting.id}:s${meeting.sequence}:prompt`;
}

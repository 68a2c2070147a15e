import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { LOCAL_DEVELOPMENT_LINK_SECRET } from '../../src/config';
import type { BusyInterval } from '../../src/domain/slot-search';
import { LinkSigner } from '../../src/web/signed-link';
import { CalendarError, type CalendarPort } from '../../src/services/calendar.port';
import { actionsOf, textOf, type Card } from './support/cards';
import { agreedPair, lastPost, SESSION_INPUTS } from './support/after-match';
import { menteeInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/** The offline calendar with extra busy time and injectable failures, standing in for people's Outlook. */
class TestCalendar implements CalendarPort {
  readonly kind = 'offline' as const;
  busy = new Map<string, BusyInterval[]>();
  failNext?: CalendarError;
  creates = 0;
  constructor(private readonly inner: CalendarPort) {}
  private fail(): void {
    const e = this.failNext;
    this.failNext = undefined;
    if (e) throw e;
  }
  /** Whether free/busy reads the inner calendar (false: as if a booking in flight were not on it yet). */
  seesEvents = true;
  async freeBusy(...args: Parameters<CalendarPort['freeBusy']>) {
    this.fail();
    const found = this.seesEvents ? await this.inner.freeBusy(...args) : args[2].map(() => []);
    return found.map((list, i) => [...list, ...(this.busy.get(args[2][i].personId) ?? [])]);
  }
  async create(...args: Parameters<CalendarPort['create']>) {
    this.fail();
    this.creates++;
    return this.inner.create(...args);
  }
  async update(...args: Parameters<CalendarPort['update']>) {
    this.fail();
    return this.inner.update(...args);
  }
  async cancel(...args: Parameters<CalendarPort['cancel']>) {
    this.fail();
    return this.inner.cancel(...args);
  }
}

/**
 * After the match, through the real bot on a real SQLite file: the match card as the pair's home, meetings on the
 * offline calendar (book, move, cancel, re-check), the mentor's session log after the meeting, the mentee's notes,
 * and what coordinators see (facts only, SPEC §8). Bad input changes nothing.
 */
describe('meetings and session logs through the real bot', () => {
  let h: Harness;
  let calendar: TestCalendar;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let matchId: string;

  beforeEach(async () => {
    h = await new Harness({ calendar: (offline) => (calendar = new TestCalendar(offline)) }).start();
    ({ amara, rahul, khan, matchId } = await agreedPair(h));
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const verbs = (card: Card) => actionsOf(card).map((a) => a.verb);
  const matchCardOf = async (u: TestUser) => (await u.say('my matches')).cards[0];
  const meetings = async () =>
    await h.store.inTenant(await rahul.tenantId(), (tx) => tx.meetings.listForMatch(matchId));
  const logs = async () => await h.store.inTenant(await rahul.tenantId(), (tx) => tx.sessionLogs.listForMatch(matchId));

  /** The mentee opens "Schedule a meeting" on their match card: the offer arrives as a new card. */
  async function offer(user = rahul) {
    const card = await matchCardOf(user);
    const opened = await user.clickVerb(card, 'meeting.open');
    assert.match(
      textOf(opened.invokeCard!),
      /No sessions logged yet|sessions logged/,
      'the match card stays as it was',
    );
    return opened.cards[0];
  }

  async function book(user = rahul, inputs: Record<string, string> = { mode: 'virtual' }) {
    const card = await offer(user);
    const slot = actionsOf(card).filter((a) => a.verb === 'meeting.book')[0];
    const result = await user.execute('meeting.book', { ...slot.data, ...inputs }, card.id);
    return { card, slot, result };
  }

  it('an agreed match is the pair’s home: what to do now, for each of them', async () => {
    const mentee = await matchCardOf(rahul);
    assert.match(textOf(mentee.card), /No sessions logged yet \(up to 4\)/);
    assert.match(textOf(mentee.card), /Schedule your first meeting/);
    assert.deepEqual(
      verbs(mentee.card).filter(
        (v) => v.startsWith('meeting') || v.startsWith('session') || v.startsWith('notes') || v.startsWith('concern'),
      ),
      ['meeting.open', 'concern.open'],
    );
    const mentor = await matchCardOf(khan);
    assert.ok(verbs(mentor.card).includes('session.open'), 'the mentor can log a session');
    assert.ok(verbs(mentor.card).includes('meeting.open'));
    assert.match(
      textOf(mentee.card),
      /Find Dr Aisha Khan in Teams chat by name/,
      'no chat link until Teams has said who she is signed in as',
    );
    await h.directory.recordEmail(await khan.actor(), 'aisha.khan@nhs.net');
    await h.directory.recordEmail(await khan.actor(), 'not an address');
    const withChat = JSON.stringify((await matchCardOf(rahul)).card);
    assert.ok(
      withChat.includes('"url":"https://teams.microsoft.com/l/chat/0/0?users=aisha.khan%40nhs.net"'),
      'Chat in Teams opens a 1:1 chat with her',
    );
    assert.ok(withChat.includes('"title":"Chat in Teams"'));
  });

  it('accept → schedule → meeting → log → mentee notes → coordinator sees facts only', async () => {
    const { slot, result } = await book();
    assert.match(
      textOf(result.invokeCard!),
      /Booked: Monday 1 March 2027, \d\d:\d\d–\d\d:\d\d\. Dr Aisha Khan has been told/,
    );
    const [meeting] = await meetings();
    assert.equal(meeting.status, 'scheduled');
    assert.equal(meeting.start, slot.data.start);
    assert.ok(Date.parse(meeting.start) > h.clock.now().getTime(), 'never in the past');
    assert.equal((await h.matches.mine(await rahul.actor()))[0].match.status, 'active', 'the pair has started meeting');
    await h.deliver();
    assert.match(textOf(lastPost(khan).card), /Dr Rahul Menon booked a meeting: Monday 1 March 2027/);
    assert.match(textOf((await matchCardOf(khan)).card), /Next meeting: Monday 1 March 2027/);

    // The meeting ends: the mentor is asked to log it, prefilled.
    h.clock.current = new Date(Date.parse(meeting.end) + 60_000);
    await h.jobs.runOnce();
    await h.deliver();
    const form = lastPost(khan);
    assert.match(textOf(form.card), /Log this session with Dr Rahul Menon/);
    assert.match(textOf(form.card), /Session 1 of 4/);
    const logged = await khan.clickVerb(form, 'session.log', {
      heldOn: '2027-03-01',
      durationMinutes: '60',
      mode: 'virtual',
      topics: 'exams-portfolio,wellbeing',
      actionPoints: 'Book the MRCPsych paper A.',
      mentorNotes: 'Seemed anxious about the exam; follow up.',
    });
    assert.match(textOf(logged.invokeCard!), /Session logged with Dr Rahul Menon/);
    assert.match(textOf(logged.invokeCard!), /Seemed anxious/, 'the mentor sees their own private notes');
    await h.deliver();
    const told = lastPost(rahul);
    assert.match(textOf(told.card), /Dr Aisha Khan logged a session with you/);
    assert.match(textOf(told.card), /Book the MRCPsych paper A\./, 'action points are the pair’s');
    assert.doesNotMatch(textOf(told.card), /anxious/, 'the mentor’s private notes are the mentor’s alone');

    // Mentee notes: private first, then shared (the mentor's copy updates to show them).
    const priv = await rahul.clickVerb(told, 'notes.save', {
      notes: 'I want to ask about less-than-full-time training.',
      shared: 'false',
    });
    assert.match(textOf(priv.invokeCard!), /Saved\. Only you can read these notes/);
    await h.deliver();
    const mentorView = await h.sessions.view(await khan.actor(), (await logs())[0].id);
    assert.equal(mentorView.session.menteeNotes, undefined, 'private mentee notes are not the mentor’s');
    const shared = await rahul.execute(
      'notes.save',
      {
        sessionId: (await logs())[0].id,
        version: 2,
        notes: 'I want to ask about less-than-full-time training.',
        shared: 'true',
      },
      priv.invokeCard ? told.id : undefined,
    );
    assert.match(textOf(shared.invokeCard!), /Your mentor can read these notes/);
    await h.deliver();
    const mentorCopy = khan
      .connectorCalls()
      .filter((c) => c.method === 'PUT')
      .at(-1)!;
    assert.match(textOf(mentorCopy.card), /less-than-full-time/, 'the mentor’s session card shows shared notes');

    // The coordinator's overview holds that a session happened, when, how long and its topics; never text.
    const overview = (await amara.say('matches')).cards[0];
    const text = textOf(overview.card);
    assert.match(text, /1 of 4 sessions, 60 min, last Monday 1 March 2027 \(Exams and portfolio\/ARCP and Wellbeing\)/);
    for (const secret of [/MRCPsych paper/, /anxious/, /less-than-full-time/]) assert.doesNotMatch(text, secret);
    const report = textOf((await amara.say('reports')).cards[0].card);
    assert.match(report, /Sessions logged 1 in all, 1 this month/);
    assert.match(report, /Hours 1 in all, 1 this month/);
    assert.match(report, /Matches that have met 1/);
    for (const secret of [/MRCPsych paper/, /anxious/, /less-than-full-time/]) assert.doesNotMatch(report, secret);
    const coordinatorFacts = await h.store.inTenant(await amara.tenantId(), async (tx) =>
      tx.sessionLogs.factsForProgramme((await tx.programmes.list())[0].id),
    );
    assert.deepEqual(
      [coordinatorFacts[0].actionPoints, coordinatorFacts[0].mentorNotes, coordinatorFacts[0].menteeNotes],
      ['', '', ''],
      'note text never leaves the table for coordinators',
    );
  });

  it('a double click books one meeting; a second booking keeps the match card with a notice', async () => {
    const { card, slot, result } = await book();
    assert.match(textOf(result.invokeCard!), /Booked/);
    const again = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(again.invokeCard!), /already has a meeting booked/);
    assert.match(textOf(again.invokeCard!), /Next meeting/, 'the card shows the match as it is');
    assert.equal((await meetings()).length, 1);
    assert.equal(calendar.creates, 1, 'one calendar event');
  });

  it('a time that became busy is not booked: fresh times are offered instead', async () => {
    const card = await offer();
    const slot = actionsOf(card).filter((a) => a.verb === 'meeting.book')[0];
    const start = String(slot.data.start);
    calendar.busy.set(khan.id, [
      { start, end: new Date(Date.parse(start) + 3_600_000).toISOString(), kind: 'tentative' },
    ]);
    const taken = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(taken.invokeCard!), /That time is no longer free for both of you, so nothing was booked/);
    const fresh = actionsOf(taken.invokeCard!)
      .filter((a) => a.verb === 'meeting.book')
      .map((a) => a.data.start);
    assert.ok(fresh.length > 0 && !fresh.includes(start), 'the fresh times avoid it');
    assert.equal((await meetings()).length, 0);
  });

  it('forged times (past, outside working hours, unreadable) and a missing place book nothing', async () => {
    const card = await offer();
    const slot = actionsOf(card).filter((a) => a.verb === 'meeting.book')[0];
    for (const start of ['2027-02-26T10:00:00.000Z', '2027-03-01T21:00:00.000Z', '2027-03-06T10:00:00.000Z', 'soon']) {
      const r = await rahul.execute('meeting.book', { ...slot.data, start, mode: 'virtual' }, card.id);
      assert.match(textOf(r.invokeCard!), /nothing was booked/i, start);
    }
    const noPlace = await rahul.execute('meeting.book', { ...slot.data, mode: 'in-person', location: '' }, card.id);
    assert.match(textOf(noPlace.invokeCard!), /Say where you will meet/);
    assert.equal((await meetings()).length, 0);
  });

  it('move and cancel change the same meeting; a stale card after a move changes nothing', async () => {
    await book();
    const [first] = await meetings();
    const home = await matchCardOf(khan);
    const moveOffer = (await khan.clickVerb(home, 'meeting.open')).cards[0];
    assert.match(textOf(moveOffer.card), /Move your meeting with Dr Rahul Menon/);
    const to = actionsOf(moveOffer.card)
      .filter((a) => a.verb === 'meeting.book')
      .find((a) => a.data.start !== first.start)!;
    const moved = await khan.execute(
      'meeting.book',
      { ...to.data, mode: 'in-person', location: 'Education Centre, room 2' },
      moveOffer.card.id,
    );
    assert.match(textOf(moved.invokeCard!), /Moved to/);
    const [after] = await meetings();
    assert.equal(after.id, first.id, 'the same meeting');
    assert.equal(after.sequence, 1);
    assert.equal(after.location, 'Education Centre, room 2');
    assert.equal(calendar.creates, 1, 'moved, not created again');
    // The first offer card still carries the old version.
    const stale = await khan.execute('meeting.book', { ...to.data, mode: 'virtual' }, moveOffer.id);
    assert.match(textOf(stale.invokeCard!), /changed since this card was shown/);
    assert.equal((await meetings())[0].version, after.version);
    const cancelled = await rahul.clickVerb(await matchCardOf(rahul), 'meeting.cancel');
    assert.match(textOf(cancelled.invokeCard!), /The meeting was cancelled\. Dr Aisha Khan has been told/);
    assert.equal((await meetings())[0].status, 'cancelled');
    await h.deliver();
    assert.match(textOf(lastPost(khan).card), /Dr Rahul Menon cancelled your meeting/);
    // Cancelled: the mentor is not asked to log it when its time passes.
    h.clock.current = new Date(Date.parse(after.end) + 60_000);
    await h.jobs.runOnce();
    await h.deliver();
    assert.doesNotMatch(textOf(lastPost(khan).card), /Log this session/);
  });

  it('the .ics link works only for the pair, follows a move with the same UID, and refuses a tampered token', async () => {
    await book();
    const server = h.service.web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const linkOn = (card: Card) => {
        const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/calendar\/[^"]+\.ics)"/.exec(JSON.stringify(card))?.[1];
        assert.ok(url, 'the match card offers the .ics file');
        return url.replace(/^http:\/\/127\.0\.0\.1:\d+/, base);
      };
      const get = async (url: string) => {
        const r = await fetch(url);
        return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
      };
      const mine = await get(linkOn((await matchCardOf(rahul)).card));
      assert.equal(mine.status, 200);
      assert.match(mine.type, /^text\/calendar/);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(mine.body)).getFirstSubcomponent('vevent')!);
      const [meeting] = await meetings();
      assert.equal(event.startDate.toJSDate().toISOString(), meeting.start);
      assert.equal(event.summary, 'Mentoring: Dr Rahul Menon and Dr Aisha Khan');
      const uid = event.uid;

      // Moved: the same entry (UID), a higher SEQUENCE.
      const moveOffer = (await khan.clickVerb(await matchCardOf(khan), 'meeting.open')).cards[0];
      const to = actionsOf(moveOffer.card)
        .filter((a) => a.verb === 'meeting.book')
        .find((a) => a.data.start !== meeting.start)!;
      await khan.execute('meeting.book', { ...to.data, mode: 'virtual' }, moveOffer.id);
      const moved = new ICAL.Component(
        ICAL.parse((await get(linkOn((await matchCardOf(khan)).card))).body),
      ).getFirstSubcomponent('vevent')!;
      assert.equal(moved.getFirstPropertyValue('uid'), uid);
      assert.equal(moved.getFirstPropertyValue('sequence'), 1);

      const stranger = h.user('Dr Zoe Stranger');
      await stranger.say('hello');
      const signer = new LinkSigner(LOCAL_DEVELOPMENT_LINK_SECRET);
      const forStranger = signer.sign({
        purpose: 'ics',
        tenantId: await rahul.tenantId(),
        subjectId: meeting.id,
        personId: stranger.id,
        expiresAt: Math.ceil(h.clock.now().getTime() / 1000) + 3600,
      });
      assert.equal((await get(`${base}/calendar/${forStranger}.ics`)).status, 404, 'someone outside the pair');
      const good = linkOn((await matchCardOf(rahul)).card);
      const tampered = good.replace(/\/calendar\/(.)/, (_m, c: string) => `/calendar/${c === 'A' ? 'B' : 'A'}`);
      assert.equal((await get(tampered)).status, 404, 'a tampered token');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a move the calendar made without a Teams link keeps the new time, without the old link', async () => {
    await book();
    const [first] = await meetings();
    const update = calendar.update.bind(calendar);
    calendar.update = async (...args) => {
      await update(...args);
      throw new CalendarError('no-join-link', 'the moved event came back without a join link');
    };
    const moveOffer = (await khan.clickVerb(await matchCardOf(khan), 'meeting.open')).cards[0];
    const to = actionsOf(moveOffer.card)
      .filter((a) => a.verb === 'meeting.book')
      .find((a) => a.data.start !== first.start)!;
    const moved = await khan.execute('meeting.book', { ...to.data, mode: 'virtual' }, moveOffer.id);
    assert.match(textOf(moved.invokeCard!), /Moved to/);
    const [after] = await meetings();
    assert.deepEqual([after.start, after.joinUrl, after.status], [to.data.start, undefined, 'scheduled']);
  });

  it('calendar failures are told plainly and leave no meeting behind', async () => {
    const card = await offer();
    const slot = actionsOf(card).filter((a) => a.verb === 'meeting.book')[0];
    calendar.failNext = undefined;
    // The re-check passes, the create fails.
    const create = calendar.create.bind(calendar);
    calendar.create = async () => {
      throw new CalendarError('forbidden', 'HTTP 403 from the calendar', 403);
    };
    const r = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(r.invokeCard!), /The app may not use this calendar/);
    assert.equal((await meetings()).length, 0, 'the booking is removed');
    assert.ok(h.log.some((l) => /calendar offline failed: forbidden \(HTTP 403\)/.test(l)));
    calendar.create = create;
    const ok = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(ok.invokeCard!), /Booked/, 'a later try works');
  });

  it('a create that timed out is repeated under the same meeting id, never as a second meeting', async () => {
    const card = await offer();
    const slot = actionsOf(card).filter((a) => a.verb === 'meeting.book')[0];
    const ids: string[] = [];
    const create = calendar.create.bind(calendar);
    calendar.create = async (tenant, request) => {
      ids.push(request.meetingId);
      if (ids.length === 1) throw new CalendarError('timeout', 'no answer in 10000 ms');
      return create(tenant, request);
    };
    const first = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(first.invokeCard!), /did not answer in time/);
    assert.deepEqual(
      (await meetings()).map((m) => m.status),
      ['booking'],
      'kept: the calendar may have made it',
    );
    assert.match(
      textOf((await khan.clickVerb(await offer(khan), 'meeting.book', { mode: 'virtual' })).invokeCard!),
      /started booking a meeting that did not finish/,
    );
    const again = await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, card.id);
    assert.match(textOf(again.invokeCard!), /Booked/);
    assert.equal(ids.length, 2);
    assert.equal(ids[0], ids[1], 'the same id, so the calendar recognises the retry');
    assert.deepEqual(
      (await meetings()).map((m) => m.status),
      ['scheduled'],
    );
  });

  it('a mentor with two mentees is never booked twice at once, even before a calendar shows the first booking', async () => {
    await h.stop();
    h = await new Harness({ calendar: (offline) => (calendar = new TestCalendar(offline)) }).start();
    ({ amara, rahul, khan, matchId } = await agreedPair(h, { capacity: '2' }));
    const bola = h.user('Dr Bola Ade');
    await bola.say('hello');
    await h.approved(bola, 'mentee', menteeInputs({ name: 'Dr Bola Ade' }), amara);
    const list = (await bola.say('find a mentor')).cards[0];
    await bola.execute('match.request', actionsOf(list.card).find((a) => a.verb === 'match.request')!.data, list.id);
    await h.deliver();
    await khan.clickVerb(lastPost(khan), 'match.accept');
    await h.deliver();
    const rahulOffer = await offer(rahul);
    const bolaOffer = await offer(bola);
    const slot = actionsOf(rahulOffer.card).filter((a) => a.verb === 'meeting.book')[0];
    const same = actionsOf(bolaOffer.card).find((a) => a.verb === 'meeting.book' && a.data.start === slot.data.start)!;
    assert.ok(same, 'both were offered the mentor’s first free time');
    assert.match(
      textOf((await rahul.execute('meeting.book', { ...slot.data, mode: 'virtual' }, rahulOffer.id)).invokeCard!),
      /Booked/,
    );
    calendar.seesEvents = false;
    const second = await bola.execute('meeting.book', { ...same.data, mode: 'virtual' }, bolaOffer.id);
    assert.match(textOf(second.invokeCard!), /no longer free for both of you, so nothing was booked/);
    const khanMeetings = await h.store.inTenant(await khan.tenantId(), (tx) =>
      tx.meetings.overlapping(
        [khan.id],
        String(slot.data.start),
        new Date(Date.parse(String(slot.data.start)) + 3_600_000).toISOString(),
      ),
    );
    assert.equal(khanMeetings.length, 1, 'one meeting at that time for the mentor');
  });

  it('a mentee cannot read the mentor’s log by sending the mentor’s form again', async () => {
    await book();
    const [meeting] = await meetings();
    h.clock.current = new Date(Date.parse(meeting.end) + 60_000);
    await h.jobs.runOnce();
    await h.deliver();
    await khan.clickVerb(lastPost(khan), 'session.log', {
      heldOn: '2027-03-01',
      durationMinutes: '60',
      mode: 'virtual',
      topics: '',
      actionPoints: 'Shared',
      mentorNotes: 'Private to the mentor',
    });
    const forged = await rahul.execute('session.log', {
      matchId,
      meetingId: meeting.id,
      formId: `meeting:${meeting.id}`,
      heldOn: '2027-03-01',
      durationMinutes: '60',
      mode: 'virtual',
    });
    assert.match(textOf(forged.invokeCard!), /Only the mentor of this match logs its sessions/);
    assert.doesNotMatch(JSON.stringify(forged.invokeCard), /Private to the mentor/);
  });

  describe('logging without a meeting, and bad input', () => {
    async function form(user = khan) {
      return (await user.say('log a session')).cards[0];
    }
    const good = SESSION_INPUTS;

    it('the mentor logs a session met elsewhere; the form shows "Session 1 of 4"', async () => {
      const f = await form();
      assert.match(textOf(f.card), /Session 1 of 4/);
      const r = await khan.clickVerb(f, 'session.log', good);
      assert.match(textOf(r.invokeCard!), /Session logged/);
      const again = await khan.clickVerb(f, 'session.log', good);
      assert.match(textOf(again.invokeCard!), /already logged; it has not been logged twice/);
      assert.equal((await logs()).length, 1);
      assert.match(textOf((await form()).card), /Session 2 of 4/);
    });

    it('future dates, bad lengths and oversize text are refused on the form, keeping what was typed', async () => {
      const f = await form();
      for (const [inputs, message] of [
        [{ heldOn: '2027-03-02' }, /That date is in the future/],
        [{ durationMinutes: '0' }, /whole minutes, from 5 to 720/],
        [{ durationMinutes: '721' }, /whole minutes, from 5 to 720/],
        [{ durationMinutes: '-30' }, /whole minutes, from 5 to 720/],
        [{ mentorNotes: 'x'.repeat(4_001) }, /Keep notes under 4000 characters/],
        [{ topics: 'astrology' }, /Choose topics from the list/],
      ] as const) {
        const r = await khan.clickVerb(f, 'session.log', { ...good, ...inputs });
        assert.match(textOf(r.invokeCard!), message);
        assert.ok(verbs(r.invokeCard!).includes('session.log'), 'the form stays');
      }
      const huge = await khan.execute(
        'session.log',
        { ...actionsOf(f.card).find((a) => a.verb === 'session.log')!.data, ...good, actionPoints: 'x'.repeat(20_001) },
        f.id,
      );
      assert.match(textOf(huge.invokeCard!), /does not accept/);
      assert.equal((await logs()).length, 0);
    });

    it('the mentee, another person and another tenant cannot log on this match', async () => {
      const r = await rahul.say('log a session');
      assert.match(textOf(r.cards[0].card), /Your mentor logs your sessions/);
      const data = { matchId, formId: 'forged', ...good };
      const asMentee = await rahul.execute('session.log', data);
      assert.match(textOf(asMentee.invokeCard!), /Only the mentor of this match logs its sessions/);
      const stranger = h.user('Dr Zoe Stranger');
      await stranger.say('hello');
      assert.match(
        textOf((await stranger.execute('session.log', data)).invokeCard!),
        /does not exist in your organisation/,
      );
      const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
      await other.say('hello');
      assert.match(
        textOf((await other.execute('session.log', data)).invokeCard!),
        /does not exist in your organisation/,
      );
      assert.match(
        textOf((await other.execute('meeting.open', { matchId })).invokeCard!),
        /does not exist in your organisation/,
      );
      assert.equal((await logs()).length, 0);
    });

    it('past the cap, and after the match ended, nothing is logged', async () => {
      await h.store.inTenant(await amara.tenantId(), async (tx) => {
        const p = (await tx.programmes.list())[0];
        await tx.programmes.update({ ...p, settings: { ...p.settings, maxSessionsPerMatch: 1 } });
      });
      const f = await form();
      assert.match(
        textOf((await khan.clickVerb(f, 'session.log', good)).invokeCard!),
        /This was the last session the programme allows/,
      );
      const f2 = await khan.execute('session.log', { matchId, formId: 'second', ...good });
      assert.match(textOf(f2.invokeCard!), /This match is complete: every session the programme allows is logged/);
      assert.equal(
        (await h.matches.mine(await rahul.actor()))[0].match.status,
        'completed',
        'the last session completes the match',
      );
      await h.store.inTenant(await amara.tenantId(), async (tx) => {
        const p = (await tx.programmes.list())[0];
        await tx.programmes.update({ ...p, settings: { ...p.settings, maxSessionsPerMatch: 4 } });
        const m = (await tx.matches.get(matchId))!;
        await tx.matches.update({ ...m, status: 'ended', version: m.version + 1 }, m.version);
      });
      const ended = await khan.execute('session.log', { matchId, formId: 'third', ...good });
      assert.match(textOf(ended.invokeCard!), /This match is over, so no session can be logged/);
      assert.equal((await logs()).length, 1);
    });

    it('a held meeting is logged once, and the mentor is reminded once after 3 working days', async () => {
      await book();
      const [meeting] = await meetings();
      h.clock.current = new Date(Date.parse(meeting.end) + 60_000);
      await h.jobs.runOnce();
      await h.deliver();
      // Monday's meeting: 3 working days later is Thursday 4 March, 09:00 London.
      h.clock.current = new Date('2027-03-04T08:59:00Z');
      assert.equal((await h.jobs.runOnce()).done, 0);
      h.clock.current = new Date('2027-03-04T09:00:00Z');
      assert.equal((await h.jobs.runOnce()).done, 1);
      await h.deliver();
      const reminder = lastPost(khan);
      assert.match(textOf(reminder.card), /Reminder: log your session with Dr Rahul Menon/);
      assert.match(textOf((await khan.clickVerb(reminder, 'session.log', good)).invokeCard!), /Session logged/);
      const twice = await khan.execute('session.log', {
        matchId,
        meetingId: meeting.id,
        formId: 'another-form',
        ...good,
      });
      assert.match(textOf(twice.invokeCard!), /already logged/);
      assert.equal((await logs()).length, 1);
    });
  });
});

/** A Graph calendar for a tenant that has not consented: every call is refused. */
class UnconsentedGraph implements CalendarPort {
  readonly kind = 'graph' as const;
  calls = 0;
  private refuse(): never {
    this.calls++;
    throw new CalendarError('forbidden', 'HTTP 403 from Graph', 403);
  }
  async freeBusy(): Promise<BusyInterval[][]> {
    return this.refuse();
  }
  async create(): Promise<never> {
    return this.refuse();
  }
  async update(): Promise<never> {
    return this.refuse();
  }
  async cancel(): Promise<never> {
    return this.refuse();
  }
}

describe('a tenant that has not consented to Graph falls back to the offline calendar', () => {
  let h: Harness;
  let graph: UnconsentedGraph;
  afterEach(async () => h.stop());

  it('offers times and books on the offline calendar, with an .ics file; the meeting stays there when moved', async () => {
    graph = new UnconsentedGraph();
    h = await new Harness({ calendar: () => graph }).start();
    const { rahul, khan, matchId } = await agreedPair(h);
    const offer = (await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'meeting.open')).cards[0];
    assert.match(textOf(offer.card), /your organisation has not connected Outlook calendars/);
    const booked = await rahul.clickVerb(offer, 'meeting.book', { mode: 'virtual' });
    assert.match(textOf(booked.invokeCard!), /Booked/);
    const [meeting] = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.meetings.listForMatch(matchId));
    assert.equal(meeting.calendar, 'offline');
    assert.match(JSON.stringify(booked.invokeCard), /\/calendar\/[^"]+\.ics/, 'the card offers the .ics file');
    assert.ok(
      h.log.some((l) =>
        /calendar graph refused the mailboxes \(forbidden\): this booking uses the offline calendar/.test(l),
      ),
    );
    const before = graph.calls;
    const moveOffer = (await khan.clickVerb((await khan.say('my matches')).cards[0], 'meeting.open')).cards[0];
    const to = actionsOf(moveOffer.card)
      .filter((a) => a.verb === 'meeting.book')
      .find((a) => a.data.start !== meeting.start)!;
    assert.match(
      textOf((await khan.execute('meeting.book', { ...to.data, mode: 'virtual' }, moveOffer.id)).invokeCard!),
      /Moved to/,
    );
    assert.equal(graph.calls, before, 'an offline meeting is moved on the offline calendar, without asking Graph');
    assert.deepEqual(h.errors, []);
  });
});

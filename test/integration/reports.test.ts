import assert from 'node:assert/strict';
import { textOf } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser } from './support/harness';

const TEAMS_APP_ID = '0a0a0a0a-1111-4222-8333-444444444444';

/**
 * Coordinators' reports through the real bot on a real SQLite file (SPEC §3.7, §8): the "reports" command for
 * coordinators only and only their own tenant's programme, small counts withheld, and the weekly digest posted
 * once even with two service instances on one database.
 */
describe('reports through the real bot', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;

  beforeEach(async () => {
    h = await new Harness({ env: { TEAMS_APP_ID } }).start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    khan = h.user('Dr Aisha Khan');
    await h.seed(amara);
    for (const u of [amara, rahul, khan]) await u.say('hello');
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  it('a coordinator types "reports": the summary card with withheld small counts, "not yet recorded" sessions and the tab link', async () => {
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    const card = (await amara.say('reports')).cards[0].card;
    const text = textOf(card);
    assert.match(text, /^Report: IMG Peer Mentoring 2027/);
    assert.match(text, /Approved 1 mentees · 1 mentors/);
    assert.match(text, /Waiting for a decision None/);
    // One psychiatry mentee and one mentor: both under 5, shown as <5 with their total.
    assert.match(text, /Specialty\nMentees\nMentors\nAll\nPsychiatry\n<5\n<5\n<5\nAll\n<5\n<5\n<5/);
    assert.doesNotMatch(text, /Psychiatry\n1\b/, 'no count under 5 is shown');
    assert.match(text, /Sessions logged 0 in all, 0 this month/);
    assert.match(text, /Sessions per match that has met \(median\) None yet/);
    assert.match(text, /Evaluation scores None yet/);
    const open = (card.actions as { type: string; title: string; url: string }[]).find(
      (a) => a.title === 'Open the Reports tab',
    );
    assert.equal(open?.type, 'Action.OpenUrl');
    assert.equal(open?.url, `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/reports`);
  });

  it("in the coordinators' channel too, but in no other channel, where everyone would see it", async () => {
    const elsewhere = textOf((await amara.sayInChannel('19:general@thread.tacv2', 'reports')).cards[0].card);
    assert.match(
      elsewhere,
      /Reports are shown only in your personal chat with the app or in the coordinators’ channel/,
    );
    assert.doesNotMatch(elsewhere, /Applications|Participants by/);
    await amara.sayInChannel('19:coordinators@thread.tacv2', 'use this channel');
    const card = (await amara.sayInChannel('19:coordinators@thread.tacv2', 'reports')).cards[0].card;
    assert.match(textOf(card), /^Report: IMG Peer Mentoring 2027/);
  });

  it('anyone who is not a coordinator is refused, with no figures', async () => {
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    for (const text of [
      textOf((await rahul.say('reports')).cards[0].card),
      textOf((await rahul.sayInChannel('19:general@thread.tacv2', 'reports')).cards[0].card),
    ]) {
      assert.match(text, /Reports are for programme coordinators only/);
      assert.doesNotMatch(text, /Applications|Participants by/);
    }
  });

  it("another tenant's programme is never visible: its coordinator sees only their own figures, its others are refused", async () => {
    const form = (await rahul.execute('app.open', { role: 'mentee' })).cards[0];
    await rahul.clickVerb(form, 'app.submit', menteeInputs());
    assert.match(textOf((await amara.say('reports')).cards[0].card), /Waiting for a decision 1, oldest since/);

    const bCoordinator = h.user('Dr Brigid Walsh', { tenant: TENANT_B });
    const bOther = h.user('Dr Chen Wei', { tenant: TENANT_B });
    for (const u of [bCoordinator, bOther]) await u.say('hello');
    assert.match(
      textOf((await bOther.say('reports')).cards[0].card),
      /Reports are for programme coordinators only/,
      'no programme of its own: nothing of tenant A either',
    );
    await h.seed(bCoordinator);
    const text = textOf((await bCoordinator.say('reports')).cards[0].card);
    assert.match(text, /Waiting for a decision None/, "tenant A's waiting application is not counted");
    assert.match(text, /Submitted 0 mentees · 0 mentors/);
  });

  it("the digest goes to the coordinators' channel when the programme has one, not to their personal chats", async () => {
    await amara.sayInChannel('19:coordinators@thread.tacv2', 'use this channel');
    await h.service.services.reports.scheduleDigests();
    h.clock.current = new Date('2027-03-08T09:00:00.000Z');
    assert.equal((await h.jobs.runOnce()).done, 1);
    const before = amara.delivered().length;
    await h.deliver();
    const digests = (await h.store.outbox.list(await amara.tenantId())).filter((m) => m.view === 'reportDigest');
    assert.deepEqual(
      digests.map((m) => [m.conversationKey, m.status]),
      [['channel:19:coordinators@thread.tacv2', 'sent']],
    );
    assert.equal(amara.delivered().length, before, 'nothing in her personal chat');
  });

  it('the weekly digest goes once on Monday 09:00 London, even with two instances on one database, and again the next week', async () => {
    const h2 = await new Harness({ owner: 'second-instance', env: { TEAMS_APP_ID } }).startOn(h);
    try {
      const both = [h, h2];
      const setClocks = (iso: string) => both.forEach((x) => (x.clock.current = new Date(iso)));
      const digests = () =>
        amara
          .delivered()
          .filter((c) => c.method === 'POST' && /^Weekly report: IMG Peer Mentoring 2027/.test(textOf(c.card)));

      const scheduled = await Promise.all(both.map((x) => x.service.services.reports.scheduleDigests()));
      assert.deepEqual(scheduled.sort(), [0, 1], 'both instances ensure it; the database keeps one');
      // Monday 1 March 2027, 10:00 is past this week's time: the first digest is Monday 8 March, 09:00 GMT.
      setClocks('2027-03-08T08:59:00.000Z');
      await Promise.all(both.map((x) => x.jobs.runOnce()));
      await h.deliver();
      assert.equal(digests().length, 0, 'not before its time');

      setClocks('2027-03-08T09:00:00.000Z');
      await Promise.all(both.map((x) => x.jobs.runOnce()));
      await Promise.all(both.map((x) => x.service.services.reports.scheduleDigests()));
      await Promise.all(both.map((x) => x.jobs.runOnce()));
      await h.deliver();
      await h2.deliver();
      assert.equal(digests().length, 1, 'one digest for the week');
      assert.match(textOf(digests()[0].card), /Figures as of 8 Mar 2027, 09:00/);
      const tenantId = await amara.tenantId();
      assert.equal((await h.store.outbox.list(tenantId)).filter((m) => m.view === 'reportDigest').length, 1);

      setClocks('2027-03-15T09:00:00.000Z');
      await Promise.all(both.map((x) => x.jobs.runOnce()));
      await h.deliver();
      assert.equal(digests().length, 2, 'and one the next week');
      const jobs = (await h.store.jobs.list(tenantId)).filter((j) => j.kind === 'reports.digest');
      assert.deepEqual(jobs.map((j) => [j.dedupeKey.split(':').at(-1), j.status]).sort(), [
        ['2027-03-08', 'done'],
        ['2027-03-15', 'done'],
        ['2027-03-22', 'pending'],
      ]);
    } finally {
      await h2.stopKeepingFiles();
    }
  });
});

import assert from 'node:assert/strict';
import { agreedPair, lastPost } from './support/after-match';
import { actionsOf, textOf } from './support/cards';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * SPEC §8, one test per row a session log touches, read off the cards each person gets through the real bot:
 * facts, action points, the mentor's private notes, the mentee's notes, and the match itself.
 */
describe('who sees what of a session log (SPEC §8), through the real bot', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let matchId: string;
  let sessionId: string;
  /** The mentor's card as the log answered it; the mentee's card as delivered. */
  let mentorCard: string;
  let menteeCard: { id: string; card: Record<string, unknown> };

  const FACT = /Exams and portfolio\/ARCP/;
  const ACTION = /Book MRCPsych Paper A/;
  const MENTOR_NOTE = /Seemed anxious about on-call/;
  const MENTEE_NOTE = /Ask about less-than-full-time training/;

  beforeEach(async () => {
    h = await new Harness().start();
    ({ amara, rahul, khan, matchId } = await agreedPair(h));
    const form = (await khan.say('log a session')).cards[0];
    const logged = await khan.clickVerb(form, 'session.log', {
      heldOn: '2027-03-01',
      durationMinutes: '50',
      mode: 'virtual',
      topics: 'exams-portfolio',
      actionPoints: 'Book MRCPsych Paper A by Friday.',
      mentorNotes: 'Seemed anxious about on-call; check in next time.',
    });
    mentorCard = textOf(logged.invokeCard!);
    await h.deliver();
    menteeCard = lastPost(rahul);
    sessionId = String(actionsOf(menteeCard.card).find((a) => a.verb === 'notes.save')!.data.sessionId);
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  /** What a coordinator of the programme can read about the match: the "matches" overview. */
  const coordinatorView = async () => textOf((await amara.say('matches')).cards[0].card);

  it('facts (date, length, topics): the mentee and the mentor of the match, and coordinators', async () => {
    assert.match(textOf(menteeCard.card), /Length 50 minutes/);
    assert.match(textOf(menteeCard.card), FACT);
    assert.match(mentorCard, /Length 50 minutes/);
    assert.match(
      await coordinatorView(),
      /1 of 4 sessions, 50 min, last Monday 1 March 2027 \(Exams and portfolio\/ARCP\)/,
    );
  });

  it('action points: the mentee and the mentor, never coordinators', async () => {
    assert.match(textOf(menteeCard.card), ACTION);
    assert.match(mentorCard, ACTION);
    assert.doesNotMatch(await coordinatorView(), ACTION);
  });

  it("the mentor's private notes: the mentor alone", async () => {
    assert.match(mentorCard, MENTOR_NOTE);
    assert.doesNotMatch(textOf(menteeCard.card), MENTOR_NOTE);
    assert.doesNotMatch(textOf((await rahul.execute('notes.open', { sessionId })).cards[0].card), MENTOR_NOTE);
    assert.doesNotMatch(await coordinatorView(), MENTOR_NOTE);
  });

  it("the mentee's notes: the mentee's own; the mentor's only once shared; never coordinators'", async () => {
    const saved = await rahul.clickVerb(menteeCard, 'notes.save', {
      notes: 'Ask about less-than-full-time training.',
      shared: 'false',
    });
    assert.match(textOf(saved.invokeCard!), MENTEE_NOTE);
    await h.deliver();
    assert.doesNotMatch(
      textOf((await khan.execute('notes.open', { sessionId })).invokeCard!),
      MENTEE_NOTE,
      'private: the mentor cannot open them',
    );
    assert.deepEqual((await h.sessions.view(await khan.actor(), sessionId)).session.menteeNotes, undefined);
    await rahul.execute(
      'notes.save',
      { sessionId, version: 2, notes: 'Ask about less-than-full-time training.', shared: 'true' },
      menteeCard.id,
    );
    await h.deliver();
    assert.match(
      textOf(
        khan
          .connectorCalls()
          .filter((c) => c.method === 'PUT')
          .at(-1)!.card,
      ),
      MENTEE_NOTE,
      'shared: the mentor’s session card shows them',
    );
    assert.doesNotMatch(await coordinatorView(), MENTEE_NOTE);
    // Only the mentee writes them.
    const forged = await khan.execute('notes.save', {
      sessionId,
      version: 3,
      notes: 'Written by someone else.',
      shared: 'true',
    });
    assert.match(textOf(forged.invokeCard!), /Only the mentee adds their notes/);
  });

  it('the match and its sessions: its own two people; nobody else in the tenant, nobody in another', async () => {
    const stranger = h.user('Dr Zoe Stranger');
    await stranger.say('hello');
    const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
    await other.say('hello');
    for (const outsider of [stranger, other]) {
      for (const [verb, data] of [
        ['notes.open', { sessionId }],
        ['meeting.open', { matchId }],
        ['session.open', { matchId }],
      ] as const) {
        const r = await outsider.execute(verb, data);
        assert.match(textOf(r.invokeCard!), /does not exist in your organisation/, `${outsider.name} ${verb}`);
        for (const secret of [ACTION, MENTOR_NOTE, /Dr Rahul Menon/])
          assert.doesNotMatch(textOf(r.invokeCard!), secret);
      }
    }
  });
});

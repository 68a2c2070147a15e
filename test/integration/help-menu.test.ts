import assert from 'node:assert/strict';
import { actionsOf, textOf, type Card } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, type TestUser } from './support/harness';

/** The commands a help card offers, as buttons (their command ids) and as words to type. */
function offered(card: Card): { buttons: string[]; text: string } {
  return {
    buttons: actionsOf(card)
      .filter((a) => a.verb === 'help.run')
      .map((a) => String(a.data.command)),
    text: textOf(card),
  };
}

const CHANNEL = '19:coordinators@thread.tacv2';

/**
 * "help" and the welcome card, through the real bot on a real SQLite file: each person is offered the commands
 * for where they are in the programme, and typed commands are forgiving.
 */
describe('help adapts to who is asking and where they are', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;

  beforeEach(async () => {
    h = await new Harness().start();
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

  const help = async (u: TestUser) => offered((await u.say('help')).cards[0].card);

  /** Rahul requests Khan from his suggestions and Khan accepts. */
  async function matched() {
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    const list = (await rahul.say('find a mentor')).cards[0];
    await rahul.execute(
      'match.request',
      actionsOf(list.card).find((a) => a.title === 'Request Dr Aisha Khan')!.data,
      list.id,
    );
    await h.deliver();
    await khan.clickVerb(
      khan
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!,
      'match.accept',
    );
    await h.deliver();
  }

  it('someone who has not applied is offered Apply as mentee / mentor, and nothing that needs an application', async () => {
    const { buttons, text } = await help(rahul);
    assert.deepEqual(buttons, ['apply-mentee', 'apply-mentor']);
    assert.doesNotMatch(text, /find a mentor|my matches|For coordinators/i);
  });

  it('an applicant waiting for a decision is told so, and offered My applications rather than Apply again', async () => {
    const form = (await rahul.execute('app.open', { role: 'mentee' })).cards[0];
    await rahul.clickVerb(form, 'app.submit', menteeInputs());
    const { buttons, text } = await help(rahul);
    assert.match(text, /waiting for a coordinator’s decision/);
    assert.ok(buttons.includes('my-applications'));
    assert.ok(!buttons.includes('apply-mentee'), 'not "Apply as mentee" again');
    assert.doesNotMatch(text, /find a mentor/i);
  });

  it('an approved mentee without a mentor is offered Find a mentor first', async () => {
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    const { buttons, text } = await help(rahul);
    assert.equal(buttons[0], 'find-mentor');
    assert.ok(buttons.includes('my-matches'));
    assert.ok(!buttons.includes('apply-mentee'));
    assert.match(text, /\*\*raise a concern\*\*/);
  });

  it('a matched mentee is offered my matches, schedule a meeting, add my notes and raise a concern; the mentor also log a session and my profile', async () => {
    await matched();
    const mentee = await help(rahul);
    assert.ok(mentee.buttons.includes('my-matches') && mentee.buttons.includes('raise-concern'), mentee.buttons.join());
    assert.match(mentee.text, /\*\*schedule a meeting\*\*/);
    assert.match(mentee.text, /\*\*add my notes\*\*/);
    assert.ok(!mentee.buttons.includes('find-mentor'), 'no longer looking for a mentor');
    assert.doesNotMatch(mentee.text, /log a session/, 'logging is the mentor’s');

    const mentor = await help(khan);
    assert.ok(mentor.buttons.includes('my-matches') && mentor.buttons.includes('my-profile'), mentor.buttons.join());
    assert.match(mentor.text, /\*\*log a session\*\*/);
    assert.match(mentor.text, /\*\*schedule a meeting\*\*/);
    assert.doesNotMatch(mentor.text, /add my notes/, 'adding notes is the mentee’s');
  });

  it('an approved mentor without mentees is offered my profile and my matches', async () => {
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    const { buttons } = await help(khan);
    assert.deepEqual(buttons.slice(0, 2), ['my-profile', 'my-matches']);
    assert.ok(!buttons.includes('find-mentor'));
  });

  it('a coordinator is offered pending, run matching, matches, coordinators, undelivered, signposting and reports', async () => {
    const { buttons, text } = await help(amara);
    for (const c of ['pending', 'run-matching', 'matches', 'coordinators', 'undelivered', 'signposting'])
      assert.ok(buttons.includes(c), `${c} in ${buttons.join()}`);
    assert.match(text, /\*\*reports\*\*/);
  });

  it('in a channel, help lists the coordinators’ commands, never "Apply as mentee"; others are pointed to their personal chat', async () => {
    const inChannel = (await amara.sayInChannel(CHANNEL, 'help')).cards[0].card;
    const { buttons, text } = offered(inChannel);
    assert.ok(
      buttons.includes('pending') && buttons.includes('run-matching') && buttons.includes('use-channel'),
      buttons.join(),
    );
    assert.doesNotMatch(text, /Apply as mentee/);
    const other = textOf((await rahul.sayInChannel(CHANNEL, 'help')).cards[0].card);
    assert.doesNotMatch(other, /Apply as mentee/);
    assert.match(other, /open your personal chat with the app/);
    const private_ = textOf((await rahul.sayInChannel(CHANNEL, 'find a mentor')).cards[0].card);
    assert.match(private_, /personal chat/, 'a participant’s command is not answered where others can read it');
  });

  it('a help card button posts its answer as a new message and keeps the help card, brought up to date', async () => {
    const card = (await rahul.say('help')).cards[0];
    const res = await rahul.clickVerb(card, 'help.run', {});
    assert.match(textOf(res.cards[0].card), /Apply as a mentee/, 'the form opens as a new message');
    assert.match(textOf(res.invokeCard!), /^Hello Dr Rahul Menon/, 'the help card stays');
    const forged = await rahul.execute('help.run', { command: 'drop-tables' });
    assert.match(textOf(forged.invokeCard!), /does not accept/);
  });

  it('typed commands forgive case, punctuation, "please", filler and common synonyms', async () => {
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    const first = async (text: string) => textOf((await rahul.say(text)).cards[0].card);
    assert.match(await first('Help!'), /^Hello Dr Rahul Menon/);
    assert.match(await first('apply'), /^Hello Dr Rahul Menon/);
    for (const text of [
      'find mentor',
      'Find a mentor, please.',
      'can you find me a mentor?',
      'FIND MENTOR',
      'show me mentors',
    ]) {
      assert.match(await first(text), /No mentor you can request has a free place right now/, text);
    }
    for (const text of ['my mentor', 'Show me my matches', 'my matches please']) {
      assert.match(await first(text), /No matches yet/, text);
    }
    assert.match(await first('Apply as a mentor please'), /Apply as a mentor/);
    assert.match(await first('find a mentro'), /Did you mean "find a mentor"\?/);
    assert.match(await first('make me a sandwich'), /did not understand/);
  });

  it('every command the help card names answers when typed', async () => {
    await matched();
    for (const u of [rahul, khan, amara]) {
      const words = [...textOf((await u.say('help')).cards[0].card).matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]);
      assert.ok(words.length > 3, `${u.name}: ${words.join()}`);
      for (const w of words) {
        if (w === 'run matching') continue;
        const res = await u.say(w);
        assert.ok(res.cards.length >= 1, `${u.name}: "${w}" answers`);
        assert.doesNotMatch(textOf(res.cards[0].card), /did not understand/, `${u.name}: "${w}"`);
      }
    }
  });
});

import { actionsOf } from './cards';
import { menteeInputs, mentorInputs } from './fixtures';
import type { Harness, TestUser } from './harness';

/** A session log form filled in as a mentor would, for a session held on {@link MONDAY}. */
export const SESSION_INPUTS = {
  heldOn: '2027-03-01',
  durationMinutes: '45',
  mode: 'in-person',
  topics: 'wellbeing',
  actionPoints: '',
  mentorNotes: '',
};

/** Monday 1 March 2027, 10:00 UTC: inside London working hours, away from bank holidays and clock changes. */
export const MONDAY = '2027-03-01T10:00:00Z';

/**
 * Amara coordinates; Aisha Khan (mentor) accepted Rahul Menon's (mentee) request, through the real bot. Returns
 * the three and the match id.
 */
export async function agreedPair(
  h: Harness,
  mentor: Record<string, string> = {},
): Promise<{ amara: TestUser; rahul: TestUser; khan: TestUser; matchId: string }> {
  h.clock.current = new Date(MONDAY);
  const amara = h.user('Dr Amara Okafor');
  const rahul = h.user('Dr Rahul Menon');
  const khan = h.user('Dr Aisha Khan');
  await h.seed(amara);
  for (const u of [amara, rahul, khan]) await u.say('hello');
  await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan', ...mentor }), amara);
  await h.approved(rahul, 'mentee', menteeInputs(), amara);
  const list = (await rahul.say('find a mentor')).cards[0];
  await rahul.execute('match.request', actionsOf(list.card).find((a) => a.verb === 'match.request')!.data, list.id);
  await h.deliver();
  await khan.clickVerb(khan.delivered().at(-1)!, 'match.accept');
  await h.deliver();
  const matchId = (await h.matches.mine(await rahul.actor()))[0].match.id;
  return { amara, rahul, khan, matchId };
}

/** The newest new message (not an in-place update) this user received. */
export const lastPost = (u: TestUser) =>
  u
    .delivered()
    .filter((c) => c.method === 'POST')
    .at(-1)!;

import assert from 'node:assert/strict';
import { validateApplicationForm } from '../../src/domain/application-form';
import type { MatchingInput } from '../../src/domain/matching/engine';
import { WorkerMatchingSolver } from '../../src/services/matching-solver';
import { actionsOf, textOf, type Card } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import type { TenantTx } from '../../src/services/ports';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * Automatic matching through the real bot on a real SQLite file: a coordinator runs the
 * engine, reviews the proposal, removes pairs, publishes; both people accept or decline; places are held and
 * given back; nothing overbooks a mentor, even when a mentor accepts a request while the proposal is published.
 */
describe('automatic matching through the real bot: run → review → publish → both accept', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let priya: TestUser;
  let sam: TestUser;
  let khan: TestUser;
  let bello: TestUser;
  let apps: Record<'rahul' | 'priya' | 'sam' | 'khan' | 'bello', string>;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    priya = h.user('Dr Priya Adeyemi');
    sam = h.user('Dr Samir Haddad');
    khan = h.user('Dr Aisha Khan');
    bello = h.user('Dr Tunde Bello');
    await h.seed(amara);
    for (const u of [amara, rahul, priya, sam, khan, bello]) await u.say('hello');
    const gp = {
      specialty: 'general-practice',
      site: 'General Hospital',
      qualificationCountry: 'NG',
      languages: 'en,yo',
    };
    apps = {
      khan: await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara),
      bello: await h.approved(bello, 'mentor', mentorInputs({ name: 'Dr Tunde Bello', ...gp }), amara),
      rahul: await h.approved(rahul, 'mentee', menteeInputs(), amara),
      priya: await h.approved(priya, 'mentee', menteeInputs({ name: 'Dr Priya Adeyemi', ...gp }), amara),
      sam: await h.approved(
        sam,
        'mentee',
        menteeInputs({
          name: 'Dr Samir Haddad',
          site: 'General Hospital',
          qualificationCountry: 'EG',
          languages: 'en,ar',
        }),
        amara,
      ),
    };
  });

  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const inTenant = async <R>(work: (tx: TenantTx) => Promise<R>) => h.store.inTenant(await amara.tenantId(), work);
  const placesInUse = async (app: string) => (await inTenant((tx) => tx.mentorProfiles.get(app)))?.inUse ?? 0;
  const matchesOf = async (user: TestUser) => h.matches.mine(await user.actor());

  /** The proposal card's action with `verb` for the pair of `menteeApplicationId`. */
  function pairAction(card: Card, verb: string, menteeApplicationId: string): Record<string, unknown> {
    const action = actionsOf(card).find((a) => a.verb === verb && a.data.menteeApplicationId === menteeApplicationId);
    assert.ok(action, `${verb} for ${menteeApplicationId}`);
    return action!.data;
  }

  /** Amara runs matching and publishes every proposed pair; returns the proposal message. */
  async function runAndPublish(): Promise<{ id: string; card: Card }> {
    const proposal = await h.runMatching(amara);
    const published = await amara.clickVerb(proposal, 'auto.publish');
    assert.match(textOf(published.invokeCard!), /● Published/);
    await h.deliver();
    return { id: proposal.id, card: published.invokeCard! };
  }

  it('proposes the best pairs with scores, reasons and who stays unmatched; remove and put back; publish; both accept', async () => {
    const proposal = await h.runMatching(amara);
    const text = textOf(proposal.card);
    assert.match(text, /Draft: not published, nobody has been told/);
    assert.match(
      text,
      /2 of 3 unmatched mentees matched · 2 mentors with 2 free places · certified the best possible for the whole pool/,
    );
    assert.match(text, /Dr Rahul Menon → Dr Aisha Khan/);
    assert.match(text, /Dr Priya Adeyemi → Dr Tunde Bello/);
    assert.match(text, /Score \d+\/100 · same specialty: Psychiatry · same site/);
    assert.match(text, /Not matched \(1\)/);
    assert.match(text, /Dr Samir Haddad: every mentor who would suit is already at capacity/);

    const removed = await amara.execute(
      'auto.remove',
      pairAction(proposal.card, 'auto.remove', apps.priya),
      proposal.id,
    );
    assert.match(textOf(removed.invokeCard!), /Pair removed: it will not be published/);
    assert.match(textOf(removed.invokeCard!), /Removed by you \(not published\)/);
    assert.match(textOf(removed.invokeCard!), /Dr Priya Adeyemi: pair removed by a coordinator/);
    assert.match(textOf(removed.invokeCard!), /\[Publish 1 pair\]/);
    const back = await amara.execute(
      'auto.restore',
      pairAction(removed.invokeCard!, 'auto.restore', apps.priya),
      proposal.id,
    );
    assert.match(textOf(back.invokeCard!), /\[Publish 2 pairs\]/);
    const stale = await amara.execute('auto.remove', pairAction(proposal.card, 'auto.remove', apps.priya), proposal.id);
    assert.match(
      textOf(stale.invokeCard!),
      /This proposal changed since this card was shown/,
      'the first card is stale now',
    );
    const again = await amara.execute(
      'auto.remove',
      pairAction(back.invokeCard!, 'auto.remove', apps.priya),
      proposal.id,
    );
    assert.match(textOf(again.invokeCard!), /\[Publish 1 pair\]/);

    const published = await amara.clickVerb({ id: proposal.id, card: again.invokeCard! }, 'auto.publish');
    assert.match(textOf(published.invokeCard!), /● Published/);
    assert.match(textOf(published.invokeCard!), /1 proposal sent/);
    assert.equal(
      actionsOf(published.invokeCard!).filter((a) => a.verb === 'auto.remove' || a.verb === 'auto.publish').length,
      0,
      'nothing to change once published',
    );
    assert.equal(await placesInUse(apps.khan), 1, 'the proposal holds the mentor’s place from publication');
    assert.equal(await placesInUse(apps.bello), 0, 'the removed pair was not published');

    assert.equal(await h.deliver(), 2, 'one card each for the mentee and the mentor');
    const rahulCard = rahul.delivered().at(-1)!;
    const khanCard = khan.delivered().at(-1)!;
    assert.match(textOf(rahulCard.card), /Proposed mentor: Dr Aisha Khan/);
    assert.match(textOf(rahulCard.card), /Please respond by Monday 8 March 2027/);
    assert.match(textOf(rahulCard.card), /confirmed once you both accept/);
    assert.match(textOf(khanCard.card), /Proposed mentee: Dr Rahul Menon/);
    assert.match(textOf(khanCard.card), /Passing MRCPsych Paper A/, "the mentee's profile is on the mentor's card");
    assert.equal(priya.delivered().filter((c) => /Proposed/.test(textOf(c.card))).length, 0);
    const found = await rahul.say('find a mentor');
    assert.match(
      textOf(found.cards[0].card),
      /already have a request or match in progress/,
      'one open match per mentee',
    );

    const rahulYes = await rahul.clickVerb(rahulCard, 'match.accept');
    assert.match(textOf(rahulYes.invokeCard!), /You accepted: waiting for Dr Aisha Khan/);
    assert.equal(actionsOf(rahulYes.invokeCard!).filter((a) => a.verb === 'match.accept').length, 0);
    const twice = await rahul.clickVerb(rahulCard, 'match.accept');
    assert.match(textOf(twice.invokeCard!), /changed since this card was shown/, 'a double click changes nothing');
    await h.deliver();
    const khanUpdated = khan
      .delivered()
      .filter((c) => c.method === 'PUT' && c.id === khanCard.id)
      .at(-1);
    assert.match(
      textOf(khanUpdated!.card),
      /Dr Rahul Menon accepted: waiting for your answer/,
      "the mentor's card updates in place",
    );
    assert.match(textOf(khanUpdated!.card), /Please respond by Monday 8 March 2027/);

    const khanYes = await khan.execute(
      'match.accept',
      actionsOf(khanUpdated!.card).find((a) => a.verb === 'match.accept')!.data,
      khanCard.id,
    );
    assert.match(textOf(khanYes.invokeCard!), /● Accepted/);
    await h.deliver();
    assert.ok(
      rahul
        .delivered()
        .some((c) => c.method === 'POST' && /Your match with Dr Aisha Khan is confirmed/.test(textOf(c.card))),
      'the mentee is told',
    );
    assert.ok(
      rahul.delivered().some((c) => c.method === 'PUT' && c.id === rahulCard.id && /● Accepted/.test(textOf(c.card))),
    );
    assert.equal(
      khan.delivered().filter((c) => c.method === 'POST' && /Your match with .* is confirmed/.test(textOf(c.card)))
        .length,
      0,
      'the mentor who just clicked is not told again',
    );

    const [match] = await matchesOf(rahul);
    assert.equal(match.match.status, 'accepted');
    assert.equal(await placesInUse(apps.khan), 1, 'acceptance takes no second place');
    const audit = await inTenant((tx) => tx.audit.list('match', match.match.id));
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.toStatus}:${a.actorId}`),
      [`propose:proposed:${amara.id}`, `accept:proposed:${rahul.id}`, `accept:accepted:${khan.id}`],
    );
    assert.ok(
      (await h.store.jobs.list(await amara.tenantId()))
        .filter((j) => j.kind === 'match.reminder' || j.kind === 'match.expiry')
        .every((j) => j.status === 'cancelled'),
      'reminders and expiry are cancelled',
    );

    // The next run sees only who is still free: Priya (removed last time) and Sam; Khan is full.
    const next = await h.runMatching(amara);
    assert.match(textOf(next.card), /1 of 2 unmatched mentees matched · 1 mentor with 1 free place/);
    assert.match(textOf(next.card), /Dr Priya Adeyemi → Dr Tunde Bello/);
    assert.doesNotMatch(textOf(next.card), /Dr Rahul Menon|Dr Aisha Khan/);
    const overview = await amara.say('matches');
    assert.match(textOf(overview.cards[0].card), /1 accepted/);
    assert.match(textOf(overview.cards[0].card), /Dr Rahul Menon \(mentee\) → Dr Aisha Khan \(mentor\)/);
  });

  it("a decline gives the mentor's place back, tells the other person without the reason, and the pair is never proposed again", async () => {
    await runAndPublish();
    const khanCard = khan.delivered().at(-1)!;
    const declined = await khan.clickVerb(khanCard, 'match.decline', { reason: 'Moving trust in April' });
    assert.match(textOf(declined.invokeCard!), /● Declined/);
    assert.equal(await placesInUse(apps.khan), 0);
    await h.deliver();
    const toRahul = rahul.delivered().filter((c) => c.method === 'POST');
    assert.ok(toRahul.some((c) => /Dr Aisha Khan declined the proposed match/.test(textOf(c.card))));
    assert.ok(
      toRahul.some((c) => /Suggested mentors/.test(textOf(c.card))),
      'mentee’s choice is on: fresh suggestions',
    );
    assert.ok(
      rahul.delivered().every((c) => !/Moving trust/.test(textOf(c.card))),
      'the reason is private',
    );
    const late = await rahul.clickVerb(
      rahul.delivered().find((c) => /Proposed mentor/.test(textOf(c.card)))!,
      'match.accept',
    );
    assert.match(textOf(late.invokeCard!), /already been declined/);

    const overview = textOf((await amara.say('matches')).cards[0].card);
    assert.match(overview, /1 proposed · 1 declined/);
    assert.match(overview, /declined by the mentor/);
    assert.match(overview, /Reason given: Moving trust in April/);

    const rerun = textOf((await h.runMatching(amara)).card);
    assert.doesNotMatch(rerun, /Dr Rahul Menon → Dr Aisha Khan/, 'a declined pair is excluded');
    assert.match(rerun, /Dr Samir Haddad → Dr Aisha Khan/, 'the place Khan got back goes to the next best mentee');
    assert.match(rerun, /Dr Rahul Menon: /, 'Rahul stays unmatched: his only other mentor is held by a proposal');
  });

  it('reminders go to whoever has not answered; at the deadline the proposal expires, both are told, the place is free', async () => {
    await runAndPublish();
    const rahulCard = rahul.delivered().at(-1)!;
    await rahul.clickVerb(rahulCard, 'match.accept');
    await h.deliver();
    h.clock.current = new Date('2027-03-03T09:00:00Z'); // working day 2
    assert.equal((await h.jobs.runOnce()).done, 2, 'one reminder job per published proposal');
    await h.deliver();
    assert.match(
      textOf(khan.delivered().at(-1)!.card),
      /Reminder: please answer the proposed match with Dr Rahul Menon/,
    );
    assert.equal(
      rahul.delivered().filter((c) => /Reminder/.test(textOf(c.card))).length,
      0,
      'who has accepted is not reminded',
    );
    for (const u of [bello, priya])
      assert.equal(
        u.delivered().filter((c) => /Reminder/.test(textOf(c.card))).length,
        1,
        'both people of the unanswered pair',
      );

    h.clock.current = new Date('2027-03-09T00:00:00Z');
    while ((await h.jobs.runOnce()).done > 0);
    assert.deepEqual(
      (await matchesOf(rahul)).map((v) => v.match.status),
      ['expired'],
    );
    assert.equal(await placesInUse(apps.khan), 0);
    assert.equal(await placesInUse(apps.bello), 0);
    await h.deliver();
    assert.ok(
      rahul
        .delivered()
        .some((c) => c.method === 'POST' && /The proposed match with Dr Aisha Khan expired/.test(textOf(c.card))),
    );
    assert.ok(
      khan
        .delivered()
        .some((c) => c.method === 'POST' && /The proposed match with Dr Rahul Menon expired/.test(textOf(c.card))),
    );
    const late = await khan.clickVerb(
      khan.delivered().find((c) => /Proposed mentee/.test(textOf(c.card)))!,
      'match.accept',
    );
    assert.match(textOf(late.invokeCard!), /expired|time to respond/);
  });

  it('a mentor accepting a request while the proposal is published: one winner for the last place, the other told clearly', async () => {
    // The proposal offers Rahul to Khan; then Sam requests Khan himself (mentee’s choice) before it is published.
    const proposal = await h.runMatching(amara);
    const found = (await sam.say('find a mentor')).cards[0];
    await sam.execute(
      'match.request',
      actionsOf(found.card).find((a) => a.title === 'Request Dr Aisha Khan')!.data,
      found.id,
    );
    await h.deliver();
    const request = khan.delivered().at(-1)!;
    assert.match(textOf(request.card), /Mentoring request from Dr Samir Haddad/);

    // A second service instance on the same database: Khan's accept and Amara's publish race, on different instances.
    const h2 = await new Harness().startOn(h);
    try {
      const [accepted, published] = await Promise.all([
        h2.userLike(khan).clickVerb(request, 'match.accept'),
        amara.clickVerb(proposal, 'auto.publish'),
      ]);
      assert.equal(await placesInUse(apps.khan), 1, 'capacity 1 is never exceeded');
      const requestWon = /● Accepted/.test(textOf(accepted.invokeCard!));
      const publishText = textOf(published.invokeCard!);
      assert.match(publishText, /● Published/);
      const statuses = (await h.matches.mine(await khan.actor()))
        .map((v) => `${v.menteeName}:${v.match.status}`)
        .sort();
      if (requestWon) {
        assert.match(publishText, /Dr Rahul Menon → Dr Aisha Khan: the mentor has no free place any more/);
        assert.deepEqual(statuses, ['Dr Samir Haddad:accepted']);
      } else {
        assert.match(textOf(accepted.invokeCard!), /You have no free places: all 1 are taken/);
        assert.deepEqual(statuses, ['Dr Rahul Menon:proposed', 'Dr Samir Haddad:requested']);
      }
    } finally {
      await h2.stopKeepingFiles();
    }
  });

  it('"remove and never pair them" bars the pair for good: never proposed again, not offered, not requestable', async () => {
    const proposal = await h.runMatching(amara);
    const barData = actionsOf(proposal.card).find(
      (a) => a.title === 'Remove and never pair them' && a.data.menteeApplicationId === apps.priya,
    )!.data;
    const barred = await amara.execute('auto.remove', barData, proposal.id);
    assert.match(textOf(barred.invokeCard!), /Pair removed and barred/);
    assert.match(textOf(barred.invokeCard!), /Dr Priya Adeyemi → Dr Tunde Bello \(barred: never paired again\)/);
    assert.equal(
      actionsOf(barred.invokeCard!).filter((a) => a.verb === 'auto.restore').length,
      0,
      'a barred pair cannot be put back',
    );
    const restore = await amara.execute('auto.restore', { ...barData, version: 2, bar: false }, proposal.id);
    assert.match(textOf(restore.invokeCard!), /cannot be put back/);

    const rerun = textOf((await h.runMatching(amara)).card);
    assert.doesNotMatch(rerun, /Dr Priya Adeyemi → Dr Tunde Bello/, 'never proposed again');
    const found = textOf((await priya.say('find a mentor')).cards[0].card);
    assert.doesNotMatch(found, /Dr Tunde Bello/, 'not offered in mentee’s choice');
    const forced = await priya.execute('match.request', { mentorApplicationId: apps.bello });
    assert.match(textOf(forced.invokeCard!), /This mentor is not available to you/);
    assert.equal((await matchesOf(priya)).length, 0);
    const audit = await inTenant((tx) => tx.audit.list('matching-run', String(barData.runId)));
    assert.deepEqual(
      audit.map((a) => a.action),
      ['run', 'remove-and-bar', 'supersede'],
    );
  });

  it('publishing skips, and reports, pairs that stopped being possible since the run', async () => {
    const proposal = await h.runMatching(amara);
    // Priya requests a mentor herself; Khan pauses his profile.
    const found = (await priya.say('find a mentor')).cards[0];
    await priya.execute(
      'match.request',
      actionsOf(found.card).find((a) => a.title === 'Request Dr Tunde Bello')!.data,
      found.id,
    );
    const profile = (await khan.say('my profile')).cards[0];
    await khan.clickVerb(profile, 'profile.pause');
    const published = textOf((await amara.clickVerb(proposal, 'auto.publish')).invokeCard!);
    assert.match(published, /0 proposals sent/);
    assert.match(published, /Not published \(changed since the run\)/);
    assert.match(published, /Dr Rahul Menon → Dr Aisha Khan: the mentor has paused their profile/);
    assert.match(
      published,
      /Dr Priya Adeyemi → Dr Tunde Bello: the mentee has since requested a mentor or been matched/,
    );
    assert.equal(await placesInUse(apps.khan), 0);
    assert.deepEqual((await matchesOf(rahul)).length, 0);
  });

  it('refuses clearly and changes nothing: participants, another tenant, forged pairs, double publish, superseded and discarded runs, mode off', async () => {
    const notCoordinator = await rahul.say('run matching');
    assert.match(textOf(notCoordinator.cards[0].card), /Only the programme’s coordinators can run automatic matching/);

    const older = await h.runMatching(amara);
    const newer = await h.runMatching(amara);
    const superseded = await amara.clickVerb(older, 'auto.publish');
    assert.match(textOf(superseded.invokeCard!), /A newer automatic matching run replaced this proposal/);
    const discarded = await amara.clickVerb(newer, 'auto.discard');
    assert.match(textOf(discarded.invokeCard!), /● Discarded/);
    const afterDiscard = await amara.clickVerb(newer, 'auto.publish');
    assert.match(textOf(afterDiscard.invokeCard!), /This proposal was discarded/);

    const proposal = await h.runMatching(amara);
    const runId = String(actionsOf(proposal.card).find((a) => a.verb === 'auto.publish')!.data.runId);
    const asRahul = await rahul.execute('auto.publish', { runId, version: 1 });
    assert.match(textOf(asRahul.invokeCard!), /Only the programme’s coordinators can review automatic matching/);
    const outsider = h.user('Dr Other Trust', { tenant: TENANT_B });
    await h.seed(outsider);
    const elsewhere = await outsider.execute('auto.publish', { runId, version: 1 });
    assert.match(textOf(elsewhere.invokeCard!), /does not exist in your organisation/);
    const forgedPair = await amara.execute('auto.remove', {
      runId,
      version: 1,
      menteeApplicationId: apps.khan,
      page: 1,
    });
    assert.match(textOf(forgedPair.invokeCard!), /not part of this proposal/);
    const extraField = await amara.execute('auto.publish', { runId, version: 1, status: 'published' });
    assert.match(textOf(extraField.invokeCard!), /data the app does not accept/);
    assert.equal((await matchesOf(rahul)).length, 0, 'nothing was published by any of those');

    const [first, second] = await Promise.all([
      amara.clickVerb(proposal, 'auto.publish'),
      amara.clickVerb(proposal, 'auto.publish'),
    ]);
    assert.equal(
      [first, second].filter((r) => /already been published/.test(textOf(r.invokeCard!))).length,
      1,
      'a double click publishes once',
    );
    assert.equal((await matchesOf(rahul)).length, 1);
    assert.equal(await placesInUse(apps.khan), 1);
    assert.equal((await matchesOf(sam)).length, 0);
    assert.match(
      textOf((await h.runMatching(amara)).card),
      /Nothing to do yet.*No approved mentor has a free place/s,
      'every mentor is held by a proposal',
    );

    await inTenant(async (tx) => {
      const [programme] = await tx.programmes.list();
      await tx.programmes.update({
        ...programme,
        settings: { ...programme.settings, matchingModes: { menteeChoice: true, automatic: false } },
      });
    });
    assert.match(textOf((await h.runMatching(amara)).card), /Automatic matching is turned off/);
  });
});

describe('automatic matching with nobody to match', () => {
  it('says there is nothing to do yet, without an alarm, and stores no run', async () => {
    const h = await new Harness().start();
    try {
      const amara = h.user('Dr Amara Okafor');
      await h.seed(amara);
      await amara.say('hello');
      const { card } = await h.runMatching(amara);
      assert.equal(
        textOf(card),
        'Nothing to do yet\nThere are no approved mentees without a mentor or a pending request, so there is nobody to match.',
      );
      assert.equal((card as { body: { color?: string }[] }).body[0].color, 'Default');
      const [programme] = await h.store.inTenant(await amara.tenantId(), (tx) => tx.programmes.list());
      assert.equal(
        await h.store
          .inTenant(await amara.tenantId(), (tx) => tx.matchingRuns.drafts(programme.id))
          .then((runs) => runs.length),
        0,
      );
      assert.deepEqual(h.errors, []);
    } finally {
      await h.stop();
    }
  });
});

describe('automatic matching off the request path', () => {
  it('a large run is solved in a worker: another user is answered while it runs, and the card becomes the certified proposal', async function () {
    this.timeout(120_000);
    const h = await new Harness().start();
    try {
      const amara = h.user('Dr Amara Okafor');
      const rahul = h.user('Dr Rahul Menon');
      const programmeId = await h.seed(amara);
      await amara.say('hello');
      await rahul.say('hello');
      // 3,000 approved mentees and 1,200 mentors written straight to the store (applying is tested elsewhere).
      const tenantId = await amara.tenantId();
      await h.store.inTenant(tenantId, async (tx) => {
        const programme = (await tx.programmes.get(programmeId))!;
        const at = h.clock.now().toISOString();
        const today = at.slice(0, 10);
        const form = (inputs: Record<string, string>, role: 'mentee' | 'mentor') =>
          validateApplicationForm(inputs, {
            role,
            sites: programme.settings.sites,
            capacity: programme.settings.mentorCapacity,
            today,
          });
        const specialties = ['psychiatry', 'general-practice', 'paediatrics'];
        for (let i = 0; i < 4_200; i++) {
          const role = i < 3_000 ? 'mentee' : 'mentor';
          const inputs =
            role === 'mentee'
              ? menteeInputs({ name: `Dr Mentee ${i}`, specialty: specialties[i % 3] })
              : mentorInputs({ name: `Dr Mentor ${i}`, specialty: specialties[i % 3], capacity: '2' });
          await tx.applications.insert({
            tenantId,
            id: `bulk-${i}`,
            programmeId,
            personId: `bulk-person-${i}`,
            role,
            status: 'approved',
            form: form(inputs, role),
            version: 2,
            submittedAt: at,
            updatedAt: at,
          });
        }
      });
      const started = (await amara.say('run matching')).cards[0];
      assert.match(textOf(started.card), /^Matching 3,000 mentees with 1,200 mentors…/);
      const other = await rahul.say('help');
      assert.ok(other.cards.length > 0, 'Rahul was answered');
      assert.notEqual(
        await Promise.race([h.autoMatching.settled().then(() => 'done'), Promise.resolve('running')]),
        'done',
        'the run was still being solved when Rahul was answered',
      );
      await h.autoMatching.settled();
      await h.deliver();
      const ready = amara
        .delivered()
        .filter((c) => c.method === 'PUT' && c.id === started.id)
        .at(-1)!;
      assert.match(textOf(ready.card), /Draft: not published, nobody has been told/);
      assert.match(
        textOf(ready.card),
        /2,400 of 3,000 unmatched mentees matched|2400 of 3000 unmatched mentees matched/,
      );
      const [run] = await h.store.inTenant(tenantId, (tx) => tx.matchingRuns.drafts(programmeId));
      assert.equal(run.certified, true, 'every run stays certified');
      assert.equal(run.pairs.length, 2_400);
      assert.deepEqual(h.errors, []);
    } finally {
      await h.stop();
    }
  });

  it('a run whose pool was read later wins: the earlier one, finishing last, is not stored and its card shows the newer proposal', async () => {
    // The first run's answer is held back until the second run is stored.
    const worker = new WorkerMatchingSolver();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const solver = {
      solve: async (input: MatchingInput) =>
        ++calls === 1 ? gate.then(() => worker.solve(input)) : worker.solve(input),
    };
    const h = await new Harness({ solver }).start();
    try {
      const amara = h.user('Dr Amara Okafor');
      const rahul = h.user('Dr Rahul Menon');
      const khan = h.user('Dr Aisha Khan');
      await h.seed(amara);
      for (const u of [amara, rahul, khan]) await u.say('hello');
      await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
      await h.approved(rahul, 'mentee', menteeInputs(), amara);
      const first = (await amara.say('run matching')).cards[0];
      h.clock.advance(1_000);
      const second = (await amara.say('run matching')).cards[0];
      while (
        (
          await h.store.inTenant(await amara.tenantId(), async (tx) =>
            tx.matchingRuns.drafts((await tx.programmes.list())[0].id),
          )
        ).length === 0
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      release();
      await h.autoMatching.settled();
      await h.deliver();
      const cardOf = (id: string) =>
        amara
          .delivered()
          .filter((c) => c.method === 'PUT' && c.id === id)
          .at(-1)!.card;
      const runIdOf = (card: Record<string, unknown>) =>
        actionsOf(card).find((a) => a.verb === 'auto.publish')!.data.runId;
      assert.equal(runIdOf(cardOf(first.id)), runIdOf(cardOf(second.id)), 'both cards show the one draft');
      const drafts = await h.store.inTenant(await amara.tenantId(), async (tx) =>
        tx.matchingRuns.drafts((await tx.programmes.list())[0].id),
      );
      assert.equal(drafts.length, 1);
    } finally {
      await h.stop();
    }
  });
});

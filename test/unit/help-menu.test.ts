import { strict as assert } from 'node:assert';
import { closestKey, commandKey } from '../../src/domain/command-text';
import { helpSections, type HelpSituation } from '../../src/domain/help-menu';

const base: HelpSituation = {
  place: 'personal',
  hasProgramme: true,
  needsSetup: false,
  coordinator: false,
  matchedAsMentee: false,
  matchedAsMentor: false,
  menteeRequestOpen: false,
};
const commands = (s: Partial<HelpSituation>) => helpSections({ ...base, ...s }).flatMap((x) => x.commands);
const ids = (s: Partial<HelpSituation>) => helpSections({ ...base, ...s }).map((x) => x.id);

describe('help menu', () => {
  it('offers each situation its own commands', () => {
    assert.deepEqual(ids({}), ['not-applied']);
    assert.deepEqual(ids({ mentee: 'submitted' }), ['mentee-waiting', 'more']);
    assert.ok(!commands({ mentee: 'submitted' }).includes('apply-mentee'));
    assert.equal(commands({ mentee: 'approved' })[0], 'find-mentor');
    assert.deepEqual(helpSections({ ...base, mentee: 'approved', matchedAsMentee: true })[0].commands, [
      'my-matches',
      'schedule-meeting',
      'add-notes',
      'raise-concern',
    ]);
    assert.ok(commands({ mentor: 'approved', matchedAsMentor: true }).includes('log-session'));
    assert.ok(!commands({ mentee: 'approved', matchedAsMentee: true }).includes('log-session'));
    assert.deepEqual(ids({ mentee: 'rejected' }), ['not-applied'], 'a closed application holds no role');
    assert.ok(commands({ coordinator: true }).includes('pending'));
    assert.deepEqual(ids({ needsSetup: true, hasProgramme: false }), ['setup']);
  });

  it('in a channel offers only coordinators’ commands, and nothing personal', () => {
    assert.deepEqual(ids({ place: 'channel', coordinator: true, mentee: 'approved' }), [
      'channel-coordinator',
      'coordinator',
    ]);
    assert.deepEqual(commands({ place: 'channel', mentee: 'approved' }), []);
  });

  it('never offers a command twice', () => {
    for (const s of [
      {},
      { coordinator: true },
      {
        mentee: 'approved' as const,
        mentor: 'approved' as const,
        matchedAsMentor: true,
        matchedAsMentee: true,
        coordinator: true,
      },
    ]) {
      const all = commands(s);
      assert.equal(new Set(all).size, all.length, all.join());
    }
  });
});

describe('typed command text', () => {
  it('forgives case, punctuation, please, articles and lead-ins', () => {
    for (const t of [
      'find a mentor',
      'Find mentor!',
      'FIND A MENTOR, please.',
      'can you find me a mentor?',
      'I want to find a mentor',
      'please find the mentor',
    ]) {
      assert.equal(commandKey(t), 'find mentor', t);
    }
    assert.equal(commandKey('Show me my matches'), 'my matches');
    assert.equal(commandKey('Help!'), 'help');
    assert.equal(commandKey('’’'), '');
    assert.equal(commandKey('show'), 'show', 'a lead-in alone is kept');
  });

  it('suggests a command only for a near miss', () => {
    assert.equal(closestKey('find mentro', ['find mentor', 'my matches']), 'find mentor');
    assert.equal(closestKey('sandwich', ['find mentor', 'my matches']), undefined);
    assert.equal(closestKey('hep', ['help']), undefined, 'too short to guess');
  });
});

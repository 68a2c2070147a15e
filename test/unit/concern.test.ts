import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  concernActions,
  transitionConcern,
  validateConcern,
  validateSignposts,
  type Concern,
  type ConcernAction,
} from '../../src/domain/concern';
import { DomainError } from '../../src/domain/errors';

const AT = '2027-03-01T10:00:00.000Z';
const open: Concern = {
  tenantId: 't',
  id: 'c1',
  programmeId: 'p',
  raisedBy: 'mentee',
  category: 'welfare',
  text: 'I am worried.',
  mayContact: true,
  status: 'open',
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};
const by = (seenVersion: number, note?: string) => ({
  personId: 'coord',
  seenVersion,
  at: '2027-03-01T11:00:00.000Z',
  note,
});
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'ok';
};

describe('concern status machine', () => {
  it('open → acknowledged → closed, each step recording who and when', () => {
    const acked = transitionConcern(open, 'acknowledge', by(1));
    assert.deepEqual(
      [acked.status, acked.version, acked.acknowledgedBy, acked.acknowledgedAt],
      ['acknowledged', 2, 'coord', '2027-03-01T11:00:00.000Z'],
    );
    const closed = transitionConcern(acked, 'close', by(2, '  Spoke to both; referred to OH.  '));
    assert.deepEqual(
      [closed.status, closed.version, closed.closedBy, closed.closeNote],
      ['closed', 3, 'coord', 'Spoke to both; referred to OH.'],
    );
    assert.equal(transitionConcern(open, 'close', by(1)).status, 'closed', 'an open concern may be closed at once');
  });

  it('a stale card, a repeated action, a closed concern and an oversize note change nothing', () => {
    const acked = transitionConcern(open, 'acknowledge', by(1));
    assert.equal(
      codeOf(() => transitionConcern(acked, 'acknowledge', by(1))),
      'stale',
    );
    assert.equal(
      codeOf(() => transitionConcern(acked, 'acknowledge', by(2))),
      'conflict',
      'already acknowledged',
    );
    const closed = transitionConcern(acked, 'close', by(2));
    for (const a of ['acknowledge', 'close'] as const)
      assert.equal(
        codeOf(() => transitionConcern(closed, a, by(3))),
        'conflict',
      );
    assert.equal(
      codeOf(() => transitionConcern(open, 'close', by(1, 'x'.repeat(1_001)))),
      'validation',
    );
  });

  it('the actions a card offers are exactly the ones that succeed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ConcernAction>('acknowledge', 'close'), { maxLength: 6 }), (actions) => {
        let c = open;
        for (const a of actions) {
          const offered = concernActions(c.status).includes(a);
          const result = codeOf(() => (c = transitionConcern(c, a, by(c.version))));
          if (offered !== (result === 'ok')) return false;
        }
        return true;
      }),
    );
  });
});

describe('what the raiser types', () => {
  it('is trimmed and bounded, with every problem named', () => {
    assert.deepEqual(validateConcern({ category: 'behaviour', text: '  Shouted at me.  ', mayContact: false }), {
      category: 'behaviour',
      text: 'Shouted at me.',
      mayContact: false,
    });
    try {
      validateConcern({ category: 'gossip', text: ' ', mayContact: 'yes' });
      assert.fail('accepted');
    } catch (e) {
      assert.deepEqual(Object.keys((e as DomainError).details).sort(), ['category', 'mayContact', 'text']);
    }
    assert.equal(
      codeOf(() => validateConcern({ category: 'other', text: 'x'.repeat(2_001), mayContact: true })),
      'validation',
    );
    assert.equal(
      codeOf(() => validateConcern({ category: 'other', text: ['x'], mayContact: true })),
      'validation',
    );
  });
});

describe('places to turn (validateSignposts)', () => {
  it('keeps filled rows in order, drops blank ones, and names every row that needs another look', () => {
    assert.deepEqual(
      validateSignposts([
        { name: ' Guardian ', purpose: '', contact: 'ext 1234' },
        {},
        { name: 'OH', contact: 'oh@trust.nhs.uk', purpose: 'Health' },
      ]),
      [
        { name: 'Guardian', purpose: '', contact: 'ext 1234' },
        { name: 'OH', purpose: 'Health', contact: 'oh@trust.nhs.uk' },
      ],
    );
    try {
      validateSignposts([{ name: 'No contact' }, { contact: 'No name' }, { name: 'x'.repeat(81), contact: 'y' }]);
      assert.fail('accepted');
    } catch (e) {
      assert.deepEqual((e as DomainError).details, {
        row1: 'Row 1: say how to reach it.',
        row2: 'Row 2: give it a name.',
        row3: 'Row 3: keep the name under 80 characters.',
      });
    }
    assert.equal(
      codeOf(() => validateSignposts([{}, { name: ' ', contact: ' ' }])),
      'validation',
      'never an empty list',
    );
    assert.equal(
      codeOf(() => validateSignposts(Array.from({ length: 9 }, (_, i) => ({ name: `P${i}`, contact: 'c' })))),
      'validation',
    );
  });
});

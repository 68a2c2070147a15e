import { strict as assert } from 'node:assert';
import {
  MEETING_PREFERENCE_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
  formatList,
  formatUkDate,
  formatUkDateTime,
} from '../../src/domain/format';

describe('format', () => {
  describe('formatUkDate', () => {
    it('formats a calendar date with weekday and full month, no comma', () => {
      assert.equal(formatUkDate('2025-12-30'), 'Tuesday 30 December 2025');
      assert.equal(formatUkDate('2027-09-03'), 'Friday 3 September 2027');
    });
    it('never shifts a calendar date by a time zone', () => {
      assert.equal(formatUkDate('2027-07-01'), 'Thursday 1 July 2027');
    });
    it('shows a timestamp as the London date: late evening UTC in summer is the next day (BST)', () => {
      assert.equal(formatUkDate('2027-06-30T23:30:00Z'), 'Thursday 1 July 2027');
    });
    it('and the same UTC time in winter stays on the same day (GMT)', () => {
      assert.equal(formatUkDate('2027-01-31T23:30:00Z'), 'Sunday 31 January 2027');
    });
    it('refuses something that is not a date', () => {
      assert.throws(() => formatUkDate('not a date'), RangeError);
    });
  });

  describe('formatUkDateTime', () => {
    it('formats a GMT time unchanged', () => {
      assert.equal(formatUkDateTime('2027-03-03T14:05:00Z'), '3 Mar 2027, 14:05');
    });
    it('adds an hour in British Summer Time', () => {
      assert.equal(formatUkDateTime('2027-07-03T14:05:00Z'), '3 Jul 2027, 15:05');
    });
    it('uses three-letter months (not "Sept") and a 24-hour clock with leading zeros', () => {
      assert.equal(formatUkDateTime('2027-09-10T08:07:00Z'), '10 Sep 2027, 09:07');
      assert.equal(formatUkDateTime('2027-12-31T23:59:00Z'), '31 Dec 2027, 23:59');
      assert.equal(formatUkDateTime('2027-01-01T00:00:00Z'), '1 Jan 2027, 00:00');
    });
    it('follows the clock changes exactly (last Sunday of March and October)', () => {
      // 2027: BST starts 28 March 01:00 UTC and ends 31 October 01:00 UTC.
      assert.equal(formatUkDateTime('2027-03-28T00:59:00Z'), '28 Mar 2027, 00:59');
      assert.equal(formatUkDateTime('2027-03-28T01:00:00Z'), '28 Mar 2027, 02:00');
      assert.equal(formatUkDateTime('2027-10-31T00:59:00Z'), '31 Oct 2027, 01:59');
      assert.equal(formatUkDateTime('2027-10-31T01:00:00Z'), '31 Oct 2027, 01:00');
    });
    it('accepts timestamps with an offset', () => {
      assert.equal(formatUkDateTime('2027-03-03T15:05:00+01:00'), '3 Mar 2027, 14:05');
    });
  });

  describe('labels', () => {
    it('has a label and a tone for every status', () => {
      for (const status of ['submitted', 'info-requested', 'approved', 'rejected', 'withdrawn'] as const) {
        assert.ok(STATUS_LABELS[status]);
        assert.ok(['good', 'attention', 'warning', 'accent'].includes(STATUS_TONES[status]));
      }
      assert.equal(STATUS_TONES.approved, 'good');
      assert.equal(STATUS_TONES.rejected, 'attention');
    });
    it('labels roles and meeting preferences', () => {
      assert.equal(ROLE_LABELS.mentor, 'Mentor');
      assert.deepEqual(MEETING_PREFERENCE_LABELS, {
        'in-person': 'In person',
        virtual: 'Virtual (Teams)',
        either: 'Either',
      });
    });
    it('joins lists in plain English', () => {
      assert.equal(formatList([]), '');
      assert.equal(formatList(['English']), 'English');
      assert.equal(formatList(['English', 'Arabic']), 'English and Arabic');
      assert.equal(formatList(['English', 'Arabic', 'Urdu']), 'English, Arabic and Urdu');
    });
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BankHolidayNation } from '../../src/domain/programme';
import {
  addWorkingDays,
  formatDeadline,
  isWorkingDay,
  londonDate,
  londonInstant,
  reminderDates,
  responseSchedule,
} from '../../src/domain/working-days';
import { DateHolidaysCalendar } from '../../src/holidays/date-holidays';

const holidays = new DateHolidaysCalendar();
const EW: BankHolidayNation = 'england-and-wales';
const SCT: BankHolidayNation = 'scotland';
const NI: BankHolidayNation = 'northern-ireland';
const NATIONS = [EW, SCT, NI];

/**
 * UK bank holidays 2025–2027, written out by hand from GOV.UK (https://www.gov.uk/bank-holidays), not from
 * date-holidays, so a regression in the package fails here. A holiday falling at a weekend appears only as
 * its substitute weekday, as on GOV.UK.
 */
const OFFICIAL: Record<BankHolidayNation, Record<number, string[]>> = {
  'england-and-wales': {
    2025: [
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ],
    // Boxing Day is a Saturday: substitute Monday 28 December.
    2026: [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ],
    // Christmas Day and Boxing Day are a Saturday and Sunday: substitutes Monday 27 and Tuesday 28 December.
    2027: [
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ],
  },
  scotland: {
    // St Andrew's Day is a Sunday: substitute Monday 1 December. No Easter Monday in Scotland; August is early.
    2025: [
      '2025-01-01',
      '2025-01-02',
      '2025-04-18',
      '2025-05-05',
      '2025-05-26',
      '2025-08-04',
      '2025-12-01',
      '2025-12-25',
      '2025-12-26',
    ],
    2026: [
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ],
    // 2 January is a Saturday: substitute Monday 4 January.
    2027: [
      '2027-01-01',
      '2027-01-04',
      '2027-03-26',
      '2027-05-03',
      '2027-05-31',
      '2027-08-02',
      '2027-11-30',
      '2027-12-27',
      '2027-12-28',
    ],
  },
  'northern-ireland': {
    // Battle of the Boyne (12 July) is a Saturday: substitute Monday 14 July.
    2025: [
      '2025-01-01',
      '2025-03-17',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-07-14',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ],
    // 12 July is a Sunday: substitute Monday 13 July.
    2026: [
      '2026-01-01',
      '2026-03-17',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-07-13',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ],
    2027: [
      '2027-01-01',
      '2027-03-17',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-07-12',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ],
  },
};

function everyDayOf(year: number): string[] {
  const days: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1))
    days.push(d.toISOString().slice(0, 10));
  return days;
}

describe('working days', () => {
  describe('bank holidays (date-holidays adapter) agree exactly with the GOV.UK lists', () => {
    for (const nation of NATIONS) {
      for (const year of [2025, 2026, 2027]) {
        it(`${nation} ${year}`, () => {
          const adapter = everyDayOf(year).filter((d) => holidays.isBankHoliday(d, nation));
          assert.deepEqual(adapter, OFFICIAL[nation][year]);
        });
      }
    }

    it('observances (Mother’s Day, Easter Sunday) are not bank holidays', () => {
      assert.equal(holidays.isBankHoliday('2026-03-15', EW), false);
      assert.equal(holidays.isBankHoliday('2026-04-05', EW), false);
    });

    it('refuses a value that is not a calendar date', () => {
      assert.throws(() => holidays.isBankHoliday('2025-12-25T00:00:00Z', EW), RangeError);
    });
  });

  describe('deadlines from known dates', () => {
    it('a request on Friday 19 December 2025 in England and Wales is due on Tuesday 30 December 2025', () => {
      const due = addWorkingDays('2025-12-19T16:00:00Z', 5, EW, holidays);
      assert.equal(due.date, '2025-12-30');
      assert.equal(formatDeadline(due), 'Tuesday 30 December 2025');
      // End of the day in London (GMT in winter): midnight starting 31 December.
      assert.equal(due.endsAt, '2025-12-31T00:00:00.000Z');
      assert.equal(due.startsAt, '2025-12-30T00:00:00.000Z');
    });

    it('the time of day and the weekend after do not change it: the request day never counts', () => {
      for (const at of [
        '2025-12-19T00:00:00Z',
        '2025-12-19T08:00:00Z',
        '2025-12-19T23:59:59Z',
        '2025-12-20T12:00:00Z',
        '2025-12-21T23:00:00Z',
      ]) {
        assert.equal(addWorkingDays(at, 5, EW, holidays).date, '2025-12-30', at);
      }
      // 23:00 UTC on Sunday 21 December is still Sunday in London (GMT); a Monday request moves it on a day.
      assert.equal(addWorkingDays('2025-12-22T09:00:00Z', 5, EW, holidays).date, '2025-12-31');
    });

    it('Scotland also skips 2 January', () => {
      // Day 1 Tue 30 Dec, 2 Wed 31 Dec, (Thu 1 and Fri 2 Jan holidays), 3 Mon 5 Jan.
      assert.equal(addWorkingDays('2025-12-29T10:00:00Z', 3, SCT, holidays).date, '2026-01-05');
      assert.equal(addWorkingDays('2025-12-29T10:00:00Z', 3, EW, holidays).date, '2026-01-02');
      assert.equal(addWorkingDays('2025-12-19T16:00:00Z', 5, SCT, holidays).date, '2025-12-30');
      assert.equal(formatDeadline(addWorkingDays('2025-12-24T16:00:00Z', 5, SCT, holidays)), 'Tuesday 6 January 2026');
      assert.equal(formatDeadline(addWorkingDays('2025-12-24T16:00:00Z', 5, EW, holidays)), 'Monday 5 January 2026');
    });

    it("St Andrew's Day is a Scottish bank holiday (its substitute Monday when 30 November is a Sunday)", () => {
      assert.equal(holidays.isBankHoliday('2025-12-01', SCT), true);
      assert.equal(holidays.isBankHoliday('2025-12-01', EW), false);
      assert.equal(holidays.isBankHoliday('2026-11-30', SCT), true);
      // Friday 27 November 2026 + 1: Monday 30 November is St Andrew's Day in Scotland only.
      assert.equal(addWorkingDays('2026-11-27T12:00:00Z', 1, SCT, holidays).date, '2026-12-01');
      assert.equal(addWorkingDays('2026-11-27T12:00:00Z', 1, EW, holidays).date, '2026-11-30');
    });

    it("Northern Ireland skips St Patrick's Day and the Battle of the Boyne", () => {
      // Monday 16 March 2026 + 1: Tuesday 17 March is St Patrick's Day.
      assert.equal(addWorkingDays('2026-03-16T12:00:00Z', 1, NI, holidays).date, '2026-03-18');
      assert.equal(addWorkingDays('2026-03-16T12:00:00Z', 1, EW, holidays).date, '2026-03-17');
      // Friday 9 July 2027 + 1: Monday 12 July.
      assert.equal(addWorkingDays('2027-07-09T12:00:00Z', 1, NI, holidays).date, '2027-07-13');
      assert.equal(addWorkingDays('2027-07-09T12:00:00Z', 1, SCT, holidays).date, '2027-07-12');
    });

    it('dates a request by its London date: 23:30 UTC in summer is already the next day (BST)', () => {
      // Thursday 2 July 2026 23:30 UTC is Friday 3 July 00:30 in London: day 1 is Monday 6 July.
      assert.equal(londonDate('2026-07-02T23:30:00Z'), '2026-07-03');
      assert.equal(addWorkingDays('2026-07-02T23:30:00Z', 1, EW, holidays).date, '2026-07-06');
      assert.equal(addWorkingDays('2026-07-02T22:30:00Z', 1, EW, holidays).date, '2026-07-03');
    });

    it('ends a summer deadline at midnight London time, 23:00 UTC', () => {
      const due = addWorkingDays('2026-07-01T10:00:00Z', 2, EW, holidays);
      assert.deepEqual(due, {
        date: '2026-07-03',
        startsAt: '2026-07-02T23:00:00.000Z',
        endsAt: '2026-07-03T23:00:00.000Z',
      });
    });

    it('refuses zero, negative or fractional day counts and malformed dates', () => {
      for (const n of [0, -1, 1.5, Number.NaN])
        assert.throws(() => addWorkingDays('2026-01-05', n, EW, holidays), RangeError);
      assert.throws(() => addWorkingDays('2026-02-30', 1, EW, holidays), RangeError);
      assert.throws(() => addWorkingDays('soon', 1, EW, holidays), RangeError);
      assert.throws(() => reminderDates('2026-01-05', [0], EW, holidays), RangeError);
    });

    it('gives up, rather than looping, on a calendar with no working days', () => {
      assert.throws(() => addWorkingDays('2026-01-05', 1, EW, { isBankHoliday: () => true }), /No working day/);
    });
  });

  describe('daylight saving', () => {
    it('the day clocks go forward (Sunday 29 March 2026) starts at 00:00 GMT and ends at 23:00 UTC', () => {
      assert.equal(londonInstant('2026-03-29'), '2026-03-29T00:00:00.000Z');
      assert.equal(londonInstant('2026-03-30'), '2026-03-29T23:00:00.000Z');
      assert.equal(londonInstant('2026-03-30', '09:00'), '2026-03-30T08:00:00.000Z');
      // Friday 27 March 2026 + 1 working day: Monday 30 March, in BST.
      assert.deepEqual(addWorkingDays('2026-03-27T16:00:00Z', 1, EW, holidays), {
        date: '2026-03-30',
        startsAt: '2026-03-29T23:00:00.000Z',
        endsAt: '2026-03-30T23:00:00.000Z',
      });
    });

    it('the day clocks go back (Sunday 25 October 2026) starts at 23:00 UTC and lasts 25 hours', () => {
      assert.equal(londonInstant('2026-10-25'), '2026-10-24T23:00:00.000Z');
      assert.equal(londonInstant('2026-10-26'), '2026-10-26T00:00:00.000Z');
      // Friday 23 October in BST + 1: Monday 26 October in GMT.
      assert.deepEqual(addWorkingDays('2026-10-23T15:00:00Z', 1, EW, holidays), {
        date: '2026-10-26',
        startsAt: '2026-10-26T00:00:00.000Z',
        endsAt: '2026-10-27T00:00:00.000Z',
      });
      // 00:30 UTC on Sunday 25 October is 01:30 BST, still Sunday in London.
      assert.equal(londonDate('2026-10-25T00:30:00Z'), '2026-10-25');
      assert.equal(londonDate('2026-10-24T23:30:00Z'), '2026-10-25');
      assert.equal(londonDate('2026-10-24T22:59:59Z'), '2026-10-24');
    });
  });

  describe('reminders', () => {
    it('default 2 and 4 working days after a Friday 19 December 2025 request: 23 and 29 December, 09:00 London', () => {
      const reminders = reminderDates('2025-12-19T16:00:00Z', [4, 2, 4], EW, holidays);
      assert.deepEqual(
        reminders.map((r) => [r.workingDays, r.date, r.sendAt]),
        [
          [2, '2025-12-23', '2025-12-23T09:00:00.000Z'],
          [4, '2025-12-29', '2025-12-29T09:00:00.000Z'],
        ],
      );
      // In summer 09:00 London is 08:00 UTC.
      assert.equal(
        reminderDates('2026-07-01T10:00:00Z', [1], EW, holidays, '09:00')[0].sendAt,
        '2026-07-02T08:00:00.000Z',
      );
    });

    it('a schedule drops reminder days on or after the deadline day', () => {
      const settings = {
        responseDeadlineWorkingDays: 3,
        reminderWorkingDays: [1, 3, 4],
        bankHolidayNation: SCT,
        workingHours: { start: '10:00' },
      };
      const s = responseSchedule('2025-12-29T10:00:00Z', settings, holidays);
      assert.equal(s.deadline.date, '2026-01-05');
      assert.deepEqual(
        s.reminders.map((r) => [r.date, r.sendAt]),
        [['2025-12-30', '2025-12-30T10:00:00.000Z']],
      );
    });
  });

  describe('properties', () => {
    const nation = fc.constantFrom(EW, SCT, NI);
    // Any instant from 2025 to 2027, so weekends, bank holidays and both clock changes are all reached.
    const instant = fc
      .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) })
      .map((ms) => new Date(ms).toISOString());
    const days = fc.integer({ min: 1, max: 25 });

    it('the deadline is a working day, strictly after the request day, ending after the request', () => {
      fc.assert(
        fc.property(instant, days, nation, (start, n, nat) => {
          const due = addWorkingDays(start, n, nat, holidays);
          assert.ok(isWorkingDay(due.date, nat, holidays));
          assert.ok(due.date > londonDate(start));
          assert.ok(due.startsAt > start && due.endsAt > due.startsAt);
          // A London day is 23, 24 or 25 hours long.
          assert.ok([23, 24, 25].includes((Date.parse(due.endsAt) - Date.parse(due.startsAt)) / 3_600_000));
          assert.equal(londonDate(due.startsAt), due.date);
          assert.equal(londonDate(new Date(Date.parse(due.endsAt) - 1).toISOString()), due.date);
        }),
        { numRuns: 500 },
      );
    });

    it('exactly n working days lie after the request day up to and including the deadline', () => {
      fc.assert(
        fc.property(instant, days, nation, (start, n, nat) => {
          const due = addWorkingDays(start, n, nat, holidays);
          let count = 0;
          for (let d = new Date(`${londonDate(start)}T00:00:00Z`); ;) {
            d.setUTCDate(d.getUTCDate() + 1);
            const iso = d.toISOString().slice(0, 10);
            if (isWorkingDay(iso, nat, holidays)) count++;
            if (iso === due.date) break;
          }
          assert.equal(count, n);
        }),
        { numRuns: 300 },
      );
    });

    it('adding n then m equals adding n + m, from a working day', () => {
      fc.assert(
        fc.property(instant, days, days, nation, (start, n, m, nat) => {
          const from = addWorkingDays(start, 1, nat, holidays).date;
          const stepwise = addWorkingDays(addWorkingDays(from, n, nat, holidays).date, m, nat, holidays);
          assert.deepEqual(stepwise, addWorkingDays(from, n + m, nat, holidays));
        }),
        { numRuns: 500 },
      );
    });

    it('reminders fall on working days after the request and before the deadline, in order', () => {
      fc.assert(
        fc.property(
          instant,
          fc.integer({ min: 2, max: 15 }),
          fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 5 }),
          nation,
          (start, n, ks, nat) => {
            const s = responseSchedule(
              start,
              { responseDeadlineWorkingDays: n, reminderWorkingDays: ks, bankHolidayNation: nat },
              holidays,
            );
            const dates = s.reminders.map((r) => r.date);
            assert.deepEqual(dates, [...new Set(dates)].sort());
            for (const r of s.reminders) {
              assert.ok(isWorkingDay(r.date, nat, holidays));
              assert.ok(r.date > londonDate(start) && r.date < s.deadline.date);
              assert.ok(r.sendAt > start && r.sendAt < s.deadline.endsAt);
              assert.equal(londonDate(r.sendAt), r.date);
            }
            assert.equal(s.reminders.length, new Set(ks.filter((k) => k < n)).size);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { naiveSlots } from '../../bench/slots-naive';
import type { BankHolidayNation } from '../../src/domain/programme';
import { findSlots, type BusyInterval, type BusyKind, type SlotSearch } from '../../src/domain/slots';
import { DateHolidaysCalendar } from '../../src/holidays/date-holidays';

const holidays = new DateHolidaysCalendar();
const EW: BankHolidayNation = 'england-and-wales';
const SCT: BankHolidayNation = 'scotland';
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The UTC instant of a London wall-clock time, by luxon (not the domain's helper the finder itself uses). */
const london = (wall: string): string => DateTime.fromISO(wall, { zone: 'Europe/London' }).toUTC().toISO()!;
const busy = (start: string, end: string, kind: BusyKind = 'busy'): BusyInterval => ({
  start: london(start),
  end: london(end),
  kind,
});
const search = (s: Partial<SlotSearch> & Pick<SlotSearch, 'now'>): SlotSearch => ({
  calendars: [[], []],
  nation: EW,
  holidays,
  ...s,
});
const starts = (s: SlotSearch): string[] => findSlots(s).map((slot) => slot.start);

describe('meeting slots', () => {
  describe('hand-written cases', () => {
    it('empty calendars: the next working days at 09:00 London, one a day, the meeting length long', () => {
      // Saturday 23 October 2027: Monday to Wednesday after, still BST.
      const slots = findSlots(search({ now: '2027-10-23T12:00:00Z' }));
      assert.deepEqual(slots, [
        { start: '2027-10-25T08:00:00.000Z', end: '2027-10-25T09:00:00.000Z', date: '2027-10-25' },
        { start: '2027-10-26T08:00:00.000Z', end: '2027-10-26T09:00:00.000Z', date: '2027-10-26' },
        { start: '2027-10-27T08:00:00.000Z', end: '2027-10-27T09:00:00.000Z', date: '2027-10-27' },
      ]);
    });

    it('never before now: at 10:07 the first start is the next quarter hour, or half hour on a 30-minute grid', () => {
      const now = london('2027-11-03T10:07');
      assert.equal(starts(search({ now }))[0], london('2027-11-03T10:15'));
      assert.equal(starts(search({ now, gridMinutes: 30 }))[0], london('2027-11-03T10:30'));
      // Exactly on the grid is not in the past.
      assert.equal(starts(search({ now: london('2027-11-03T10:15') }))[0], london('2027-11-03T10:15'));
      // Too late for today's working hours: tomorrow.
      assert.equal(starts(search({ now: london('2027-11-03T16:01') }))[0], london('2027-11-04T09:00'));
    });

    it('a busy meeting pushes the slot, and so does the other person’s tentative hold after it', () => {
      const mentor = [busy('2027-11-01T09:00', '2027-11-01T10:30')];
      assert.equal(
        starts(search({ now: '2027-11-01T00:00:00Z', calendars: [mentor, []] }))[0],
        london('2027-11-01T10:30'),
      );
      const mentee = [busy('2027-11-01T10:30', '2027-11-01T10:40', 'tentative')];
      assert.equal(
        starts(search({ now: '2027-11-01T00:00:00Z', calendars: [mentor, mentee] }))[0],
        london('2027-11-01T10:45'),
      );
      // Back to back is fine: a meeting ending at 11:45 leaves 11:45.
      const full = [
        busy('2027-11-01T09:00', '2027-11-01T11:45'),
        busy('2027-11-01T12:45', '2027-11-01T17:00', 'elsewhere'),
      ];
      assert.equal(
        starts(search({ now: '2027-11-01T00:00:00Z', calendars: [[], full] }))[0],
        london('2027-11-01T11:45'),
      );
    });

    it('an all-day out-of-office removes the day', () => {
      const oof = [busy('2027-11-01T00:00', '2027-11-02T00:00', 'oof')];
      const slots = findSlots(search({ now: '2027-11-01T00:00:00Z', calendars: [[], oof] }));
      assert.deepEqual(
        slots.map((s) => s.date),
        ['2027-11-02', '2027-11-03', '2027-11-04'],
      );
    });

    it('skips bank holidays: 25 and 26 December everywhere, 2 January in Scotland but not in England', () => {
      // Wednesday 24 December 2025 after hours; 1 January 2026 is a Thursday.
      const now = london('2025-12-24T17:30');
      const dates = (nation: BankHolidayNation) => findSlots(search({ now, nation, count: 5 })).map((s) => s.date);
      assert.deepEqual(dates(EW), ['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-02', '2026-01-05']);
      assert.deepEqual(dates(SCT), ['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-05', '2026-01-06']);
    });

    it('the week of the March clock change (Sunday 28 March 2027): 09:00 London is 09:00Z before, 08:00Z after', () => {
      // Good Friday 26 March is a holiday in both; Easter Monday 29 March only in England and Wales.
      const now = '2027-03-24T00:00:00Z';
      assert.deepEqual(starts(search({ now, nation: SCT, count: 5 })), [
        '2027-03-24T09:00:00.000Z',
        '2027-03-25T09:00:00.000Z',
        '2027-03-29T08:00:00.000Z',
        '2027-03-30T08:00:00.000Z',
        '2027-03-31T08:00:00.000Z',
      ]);
      assert.deepEqual(starts(search({ now, nation: EW, count: 5 })).slice(2), [
        '2027-03-30T08:00:00.000Z',
        '2027-03-31T08:00:00.000Z',
        '2027-04-01T08:00:00.000Z',
      ]);
    });

    it('the week of the October clock change (Sunday 31 October 2027): 08:00Z before, 09:00Z after, and the last hour', () => {
      assert.deepEqual(starts(search({ now: '2027-10-28T00:00:00Z', count: 5 })), [
        '2027-10-28T08:00:00.000Z',
        '2027-10-29T08:00:00.000Z',
        '2027-11-01T09:00:00.000Z',
        '2027-11-02T09:00:00.000Z',
        '2027-11-03T09:00:00.000Z',
      ]);
      // Busy until 16:00 London on both sides: the 16:00–17:00 slot, at 15:00Z and then 16:00Z.
      const calendars = [[busy('2027-10-29T00:00', '2027-10-29T16:00'), busy('2027-11-01T00:00', '2027-11-01T16:00')]];
      const slots = findSlots(search({ now: '2027-10-29T00:00:00Z', windowDays: 4, calendars }));
      assert.deepEqual(
        slots.map((s) => [s.start, s.end]),
        [
          ['2027-10-29T15:00:00.000Z', '2027-10-29T16:00:00.000Z'],
          ['2027-11-01T16:00:00.000Z', '2027-11-01T17:00:00.000Z'],
        ],
      );
    });

    it('does not offer a gap shorter than the meeting', () => {
      // Monday free only 10:00–10:45.
      const calendars = [
        [busy('2027-11-01T09:00', '2027-11-01T10:00')],
        [busy('2027-11-01T10:45', '2027-11-01T17:00')],
      ];
      const now = '2027-11-01T00:00:00Z';
      assert.equal(findSlots(search({ now, calendars }))[0].date, '2027-11-02');
      assert.equal(starts(search({ now, calendars, meetingLengthMinutes: 45 }))[0], london('2027-11-01T10:00'));
      // Nor a slot running past the end of the window: from Sunday 09:30 for a day, Monday 09:00–09:30 is all.
      const sunday = london('2027-11-07T09:30');
      assert.deepEqual(findSlots(search({ now: sunday, windowDays: 1 })), []);
      assert.deepEqual(starts(search({ now: sunday, windowDays: 1, meetingLengthMinutes: 30 })), [
        london('2027-11-08T09:00'),
      ]);
    });

    it('slots never overlap and are on different days while there are days; then a second a day', () => {
      const many = findSlots(search({ now: '2027-11-01T00:00:00Z', count: 10 }));
      assert.equal(new Set(many.map((s) => s.date)).size, 10);
      // Two working days in the window and four slots: each day's 09:00, then each day's 10:00.
      assert.deepEqual(starts(search({ now: '2027-11-01T00:00:00Z', windowDays: 2, count: 4 })), [
        london('2027-11-01T09:00'),
        london('2027-11-01T10:00'),
        london('2027-11-02T09:00'),
        london('2027-11-02T10:00'),
      ]);
      // A 45-minute meeting with a 15-minute grid: the second slot follows the first directly.
      assert.deepEqual(
        starts(search({ now: '2027-11-01T00:00:00Z', windowDays: 1, count: 3, meetingLengthMinutes: 45 })),
        [london('2027-11-01T09:00'), london('2027-11-01T09:45'), london('2027-11-01T10:30')],
      );
    });

    it('refuses input it cannot read rather than guessing', () => {
      const now = '2027-11-01T00:00:00Z';
      const bad: Partial<SlotSearch>[] = [
        { calendars: [[{ start: now, end: now, kind: 'free' as BusyKind }]] },
        { calendars: [[{ start: '2027-11-01T10:00:00Z', end: '2027-11-01T09:00:00Z', kind: 'busy' }]] },
        { now: '2027-11-01T09:00' }, // no zone: would be read in the server's
        { workingHours: { start: '01:30', end: '17:00' } }, // the hour the clocks change in
        { workingHours: { start: '00:00', end: '17:00' } },
        { workingHours: { start: '9:00', end: '17:00' } },
        { workingHours: { start: '17:00', end: '09:00' } },
        { count: 0 },
        { meetingLengthMinutes: 0 },
        { gridMinutes: 20 as 15 },
      ];
      for (const b of bad) assert.throws(() => findSlots(search({ now, ...b })), RangeError, JSON.stringify(b));
    });
  });

  describe('properties on random calendars', () => {
    /** Around both 2027 clock changes, Christmas 2025 and a plain summer week. */
    const ANCHORS = [
      '2027-03-25T00:00:00Z',
      '2027-10-28T00:00:00Z',
      '2025-12-22T00:00:00Z',
      '2027-06-14T00:00:00Z',
    ].map(Date.parse);
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const arbitrary = fc
      .record({
        anchor: fc.constantFrom(...ANCHORS),
        shift: fc.integer({ min: -4 * DAY, max: 5 * DAY }),
        calendars: fc.array(
          fc.array(
            fc.record({
              from: fc.integer({ min: -DAY, max: 15 * DAY }),
              // Mostly meetings, sometimes days of leave or on call.
              length: fc.oneof(
                { arbitrary: fc.integer({ min: 1, max: 3 * 60 * MINUTE }), weight: 6 },
                { arbitrary: fc.integer({ min: 1, max: 3 * DAY }), weight: 1 },
              ),
              minuteAligned: fc.boolean(),
              kind: fc.constantFrom<BusyKind>('busy', 'tentative', 'oof', 'elsewhere'),
            }),
            { maxLength: 30 },
          ),
          { minLength: 2, maxLength: 2 },
        ),
        meetingLengthMinutes: fc.oneof(fc.constantFrom(30, 45, 60, 90), fc.integer({ min: 1, max: 240 })),
        opens: fc.integer({ min: 120, max: 720 }),
        // Mostly a working day's length; sometimes a few minutes, shorter than the meeting.
        hours: fc.oneof(
          { arbitrary: fc.integer({ min: 6 * 60, max: 10 * 60 }), weight: 4 },
          { arbitrary: fc.integer({ min: 1, max: 12 * 60 }), weight: 1 },
        ),
        count: fc.integer({ min: 1, max: 10 }),
        windowDays: fc.integer({ min: 1, max: 14 }),
        gridMinutes: fc.constantFrom<15 | 30>(15, 30),
        nation: fc.constantFrom<BankHolidayNation>('england-and-wales', 'scotland', 'northern-ireland'),
      })
      .map((r): SlotSearch => {
        const now = r.anchor + r.shift;
        return {
          now,
          calendars: r.calendars.map((cal) =>
            cal.map((b) => {
              const start = now + (b.minuteAligned ? Math.round(b.from / MINUTE) * MINUTE : b.from);
              const end = start + (b.minuteAligned ? Math.max(1, Math.round(b.length / MINUTE)) * MINUTE : b.length);
              // Half given as ISO text, as a calendar adapter would.
              return b.minuteAligned
                ? { start: new Date(start).toISOString(), end: new Date(end).toISOString(), kind: b.kind }
                : { start, end, kind: b.kind };
            }),
          ),
          meetingLengthMinutes: r.meetingLengthMinutes,
          workingHours: { start: hhmm(r.opens), end: hhmm(Math.min(r.opens + r.hours, 23 * 60 + 59)) },
          count: r.count,
          windowDays: r.windowDays,
          gridMinutes: r.gridMinutes,
          nation: r.nation,
          holidays,
        };
      });

    it('every slot is on the grid, not in the past, inside London working hours of a working day, clear of every busy interval, and apart', () => {
      fc.assert(
        fc.property(arbitrary, (s) => {
          const now = s.now as number;
          const slots = findSlots(s);
          const minutes = (t: DateTime) => t.hour * 60 + t.minute;
          const [opens, closes] = [s.workingHours!.start, s.workingHours!.end].map(
            (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)),
          );
          const intervals = s.calendars
            .flat()
            .map((b) => ({ start: new Date(b.start).getTime(), end: new Date(b.end).getTime() }));
          assert.ok(slots.length <= s.count!);
          slots.forEach((slot, i) => {
            const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
            assert.equal(end - start, s.meetingLengthMinutes! * MINUTE);
            assert.equal(start % (s.gridMinutes! * MINUTE), 0);
            assert.ok(start >= now && end <= now + s.windowDays! * DAY);
            const [a, b] = [
              DateTime.fromMillis(start, { zone: 'Europe/London' }),
              DateTime.fromMillis(end, { zone: 'Europe/London' }),
            ];
            assert.equal(a.toISODate(), slot.date);
            assert.ok(a.weekday <= 5 && !holidays.isBankHoliday(slot.date, s.nation));
            assert.ok(minutes(a) >= opens && b.toISODate() === slot.date && minutes(b) <= closes);
            for (const iv of intervals) assert.ok(!(iv.start < end && start < iv.end), 'overlaps a busy interval');
            if (i > 0) assert.ok(Date.parse(slots[i - 1].end) <= start, 'slots overlap or are out of order');
          });
        }),
        { numRuns: 300 },
      );
    });

    it('equals the minute-by-minute reference scan exactly', () => {
      fc.assert(
        fc.property(arbitrary, (s) => {
          assert.deepEqual(findSlots(s), naiveSlots(s));
        }),
        { numRuns: 300 },
      );
    });
  });
});

import Holidays from 'date-holidays';
import type { BankHolidayNation } from '../domain/programme';
import type { BankHolidays } from '../domain/working-days';

/**
 * date-holidays' region codes for the UK nations whose bank holidays differ (SPEC §3.2). Wales shares
 * England's bank holidays (GOV.UK publishes one "England and Wales" list), so England's code stands for both.
 */
const REGION: Readonly<Record<BankHolidayNation, string>> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

/**
 * date-holidays marks UK bank holidays 'public' (it has 'bank' for other countries' bank-only days); Mother's
 * Day, Father's Day and Easter Sunday are 'observance' and are not days off.
 */
const DAYS_OFF = new Set(['public', 'bank']);

function isWeekend(isoDate: string): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * UK bank holidays from the date-holidays package: exactly the dates on the GOV.UK lists, substitute days
 * included. A holiday that falls at a weekend is kept only as its substitute day (date-holidays also
 * lists the weekend date itself; GOV.UK does not, and it is not a working day anyway). Each nation's year
 * is computed once and cached: deadline arithmetic asks about the same few weeks over and over.
 */
export class DateHolidaysCalendar implements BankHolidays {
  private readonly calendars = new Map<BankHolidayNation, Holidays>();
  private readonly years = new Map<string, ReadonlySet<string>>();

  isBankHoliday(isoDate: string, nation: BankHolidayNation): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`Not a calendar date: ${isoDate.slice(0, 40)}`);
    return this.holidaysIn(Number(isoDate.slice(0, 4)), nation).has(isoDate);
  }

  /** The bank holidays of `nation` in `year`, as `YYYY-MM-DD` dates. */
  holidaysIn(year: number, nation: BankHolidayNation): ReadonlySet<string> {
    const key = `${nation}:${year}`;
    let dates = this.years.get(key);
    if (!dates) {
      dates = new Set(
        this.calendar(nation)
          .getHolidays(year)
          .filter((h) => DAYS_OFF.has(h.type))
          // `date` is local to the region ("2025-12-25 00:00:00"), so its first ten characters are the UK date.
          .map((h) => h.date.slice(0, 10))
          .filter((d) => !isWeekend(d)),
      );
      this.years.set(key, dates);
    }
    return dates;
  }

  private calendar(nation: BankHolidayNation): Holidays {
    let calendar = this.calendars.get(nation);
    if (!calendar) {
      const region = REGION[nation];
      if (!region) throw new RangeError(`Unknown bank-holiday nation: ${String(nation).slice(0, 40)}`);
      calendar = new Holidays('GB', region);
      this.calendars.set(nation, calendar);
    }
    return calendar;
  }
}

import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { buildMeetingIcs, icsMethod, icsUid, type IcsMeeting } from '../../src/graph/ics';

const BASE: IcsMeeting = {
  meetingId: 'mtg-7f3a',
  sequence: 0,
  status: 'scheduled',
  start: '2026-07-14T09:00:00.000Z',
  end: '2026-07-14T10:00:00.000Z',
  summary: 'Mentoring: Dr Amara Okafor and Dr Nguyễn Văn An',
  description: 'Your mentoring meeting. Agree at the start what you would like to cover.',
  organizer: { name: 'Dr Amara Okafor', email: 'amara.okafor@nhs.example' },
  attendee: { name: 'Dr Nguyễn Văn An', email: 'an.nguyen@nhs.example' },
  mode: 'in-person',
  location: 'Education Centre, Room 3',
  now: new Date('2026-07-01T08:30:15.000Z'),
};

function parse(text: string): { cal: ICAL.Component; vevent: ICAL.Component; event: ICAL.Event } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const vevent = cal.getFirstSubcomponent('vevent');
  assert.ok(vevent, 'has a VEVENT');
  // Register the file's own VTIMEZONE, so DTSTART is converted with the rules the file carries.
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

function utc(time: ICAL.Time): string {
  return time.toJSDate().toISOString();
}

/** The VEVENT's raw content line of a property (unfolded), e.g. `DTSTART;TZID=Europe/London:20260714T100000`. */
function line(text: string, name: string): string {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const vevent = unfolded.slice(unfolded.indexOf('BEGIN:VEVENT'));
  const found = vevent.split('\r\n').find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  assert.ok(found, `${name} is in the file`);
  return found;
}

describe('meeting iCalendar file', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it('a scheduled meeting is a REQUEST with a stable UID, SEQUENCE, PRODID, organizer and attendee', () => {
    const text = buildMeetingIcs(BASE);
    const { cal, vevent, event } = parse(text);
    assert.equal(cal.getFirstPropertyValue('version'), '2.0');
    assert.match(String(cal.getFirstPropertyValue('prodid')), /^-\/\/IMG Peer Mentoring\/\/Meetings\/\/EN$/);
    assert.equal(cal.getFirstPropertyValue('method'), 'REQUEST');
    assert.equal(event.uid, 'mtg-7f3a@img-mentoring');
    assert.equal(event.uid, icsUid('mtg-7f3a'));
    assert.equal(event.sequence, 0);
    assert.equal(vevent.getFirstPropertyValue('status'), 'CONFIRMED');
    assert.equal(event.summary, BASE.summary);
    assert.equal(event.description, BASE.description);
    assert.equal(event.location, 'Education Centre, Room 3');
    assert.equal(String(event.organizer), 'mailto:amara.okafor@nhs.example');
    assert.equal(vevent.getFirstProperty('organizer')?.getParameter('cn'), 'Dr Amara Okafor');
    const attendees = event.attendees;
    assert.equal(attendees.length, 1);
    assert.equal(String(attendees[0]!.getFirstValue()).toLowerCase(), 'mailto:an.nguyen@nhs.example');
    assert.equal(attendees[0]!.getParameter('cn'), 'Dr Nguyễn Văn An');
    assert.equal(attendees[0]!.getParameter('rsvp'), 'TRUE');
  });

  it('keeps the UID across a reschedule and a cancellation, which carry the higher SEQUENCE', () => {
    const moved = parse(
      buildMeetingIcs({ ...BASE, sequence: 1, start: '2026-07-15T13:00:00Z', end: '2026-07-15T14:00:00Z' }),
    );
    const cancelled = parse(buildMeetingIcs({ ...BASE, sequence: 2, status: 'cancelled' }));
    assert.equal(moved.event.uid, 'mtg-7f3a@img-mentoring');
    assert.equal(cancelled.event.uid, 'mtg-7f3a@img-mentoring');
    assert.equal(moved.event.sequence, 1);
    assert.equal(cancelled.event.sequence, 2);
    assert.equal(utc(moved.event.startDate), '2026-07-15T13:00:00.000Z');
  });

  it('a cancelled meeting is a CANCEL with STATUS:CANCELLED that no longer blocks the time', () => {
    const { cal, vevent } = parse(buildMeetingIcs({ ...BASE, sequence: 3, status: 'cancelled' }));
    assert.equal(cal.getFirstPropertyValue('method'), 'CANCEL');
    assert.equal(vevent.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(vevent.getFirstPropertyValue('transp'), 'TRANSPARENT');
    assert.equal(vevent.getFirstPropertyValue('sequence'), 3);
    assert.ok(
      vevent.getFirstProperty('organizer') && vevent.getFirstProperty('attendee'),
      'CANCEL names organizer and attendee',
    );
  });

  it('writes DTSTAMP in UTC with its Z', () => {
    const text = buildMeetingIcs(BASE);
    assert.equal(line(text, 'DTSTAMP'), 'DTSTAMP:20260701T083015Z');
    const stamp = parse(text).vevent.getFirstPropertyValue('dtstamp') as ICAL.Time;
    assert.equal(stamp.zone, ICAL.Timezone.utcTimezone);
    assert.equal(utc(stamp), '2026-07-01T08:30:15.000Z');
  });

  it('carries a VTIMEZONE for Europe/London and writes DTSTART/DTEND with that TZID', () => {
    const text = buildMeetingIcs(BASE);
    const { cal, vevent } = parse(text);
    const zones = cal.getAllSubcomponents('vtimezone');
    assert.equal(zones.length, 1);
    assert.equal(zones[0]!.getFirstPropertyValue('tzid'), 'Europe/London');
    assert.equal(vevent.getFirstProperty('dtstart')?.getParameter('tzid'), 'Europe/London');
    assert.equal(vevent.getFirstProperty('dtend')?.getParameter('tzid'), 'Europe/London');
  });

  const instants: Array<[string, string, string, string]> = [
    // [what, UTC start, London wall clock written, UTC end]
    ['summer (BST, UTC+1)', '2026-07-14T09:00:00.000Z', '20260714T100000', '2026-07-14T10:00:00.000Z'],
    ['winter (GMT)', '2026-01-20T09:00:00.000Z', '20260120T090000', '2026-01-20T10:00:00.000Z'],
    // Clocks go forward on Sunday 29 March 2026 at 01:00 UTC.
    [
      'the Friday before the clocks go forward (GMT)',
      '2026-03-27T09:00:00.000Z',
      '20260327T090000',
      '2026-03-27T10:00:00.000Z',
    ],
    [
      'the Monday after the clocks go forward (BST)',
      '2026-03-30T09:00:00.000Z',
      '20260330T100000',
      '2026-03-30T10:00:00.000Z',
    ],
    [
      'Sunday 29 March, just after the change',
      '2026-03-29T01:30:00.000Z',
      '20260329T023000',
      '2026-03-29T02:30:00.000Z',
    ],
    // Clocks go back on Sunday 25 October 2026 at 01:00 UTC.
    [
      'the Friday before the clocks go back (BST)',
      '2026-10-23T13:00:00.000Z',
      '20261023T140000',
      '2026-10-23T14:00:00.000Z',
    ],
    [
      'the Monday after the clocks go back (GMT)',
      '2026-10-26T13:00:00.000Z',
      '20261026T130000',
      '2026-10-26T14:00:00.000Z',
    ],
    ['Sunday 25 October, after the change', '2026-10-25T10:00:00.000Z', '20261025T100000', '2026-10-25T11:00:00.000Z'],
  ];
  for (const [what, start, wallClock, end] of instants) {
    it(`DTSTART is London wall-clock time that converts back to the same instant: ${what}`, () => {
      const text = buildMeetingIcs({ ...BASE, start, end });
      assert.equal(line(text, 'DTSTART'), `DTSTART;TZID=Europe/London:${wallClock}`);
      const { event } = parse(text);
      assert.equal(utc(event.startDate), start);
      assert.equal(utc(event.endDate), end);
    });
  }

  it('does not depend on the zone the process runs in', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const inUtc = buildMeetingIcs(BASE);
      process.env.TZ = 'America/New_York';
      assert.equal(buildMeetingIcs(BASE), inUtc);
      process.env.TZ = 'Asia/Kolkata';
      assert.equal(buildMeetingIcs(BASE), inUtc);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('uses CRLF line endings and folds every line at 75 octets, also with non-ASCII text', () => {
    const text = buildMeetingIcs({
      ...BASE,
      summary: 'Mentoring: ' + 'Dr Nguyễn Văn An, د. أمينة الحسن, Д-р Олена Коваленко; '.repeat(3),
      description:
        'A long description that certainly needs folding. '.repeat(6) + '\nSecond line, with a comma; and a semicolon.',
    });
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
    const lines = text.split('\r\n');
    assert.ok(
      lines.some((l) => l.startsWith(' ')),
      'long lines were folded',
    );
    for (const l of lines)
      assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `line of ${Buffer.byteLength(l, 'utf8')} octets: ${l}`);
    // Folding never splits a character: unfolded, the text reads back whole.
    const { event } = parse(text);
    assert.match(event.summary, /د\. أمينة الحسن, Д-р Олена Коваленко; $/);
    assert.match(event.description, /\nSecond line, with a comma; and a semicolon\.$/);
  });

  it('leaves out a person whose address is unknown, and then carries no iTIP METHOD', () => {
    const noAttendee = buildMeetingIcs({ ...BASE, attendee: { name: 'Dr Nguyễn Văn An' } });
    const a = parse(noAttendee);
    assert.equal(a.cal.getFirstPropertyValue('method'), null);
    assert.equal(a.event.attendees.length, 0);
    assert.equal(String(a.event.organizer), 'mailto:amara.okafor@nhs.example');
    assert.doesNotMatch(noAttendee, /^ATTENDEE/m);

    const nobody = buildMeetingIcs({
      ...BASE,
      status: 'cancelled',
      sequence: 1,
      organizer: { name: 'Dr Amara Okafor' },
      attendee: { name: 'Dr An' },
    });
    const n = parse(nobody);
    assert.equal(n.cal.getFirstPropertyValue('method'), null);
    assert.equal(n.vevent.getFirstProperty('organizer'), null);
    assert.equal(n.vevent.getFirstProperty('attendee'), null);
    assert.equal(n.vevent.getFirstPropertyValue('status'), 'CANCELLED', 'a cancellation still says so');
    assert.doesNotMatch(nobody, /mailto:/i);
    assert.equal(
      icsMethod({ status: 'scheduled', organizer: { name: 'A' }, attendee: { name: 'B', email: 'b@x' } }),
      undefined,
    );
  });

  it('gives a virtual meeting no LOCATION, and an in-person one without a place none either', () => {
    assert.equal(
      parse(buildMeetingIcs({ ...BASE, mode: 'virtual', location: 'Room 3' })).vevent.getFirstProperty('location'),
      null,
    );
    assert.equal(parse(buildMeetingIcs({ ...BASE, location: '  ' })).vevent.getFirstProperty('location'), null);
  });

  it('refuses times that are not instants, an end before the start and a negative SEQUENCE', () => {
    assert.throws(() => buildMeetingIcs({ ...BASE, start: 'tomorrow' }), RangeError);
    assert.throws(() => buildMeetingIcs({ ...BASE, end: BASE.start }), RangeError);
    assert.throws(() => buildMeetingIcs({ ...BASE, sequence: -1 }), RangeError);
    assert.throws(() => buildMeetingIcs({ ...BASE, now: 'never' }), RangeError);
  });
});

import type { MeetingFile } from '../services/meetings.service';
import { buildMeetingIcs } from './ics';

/**
 * A meeting of the offline calendar as the .ics file its card links to: the same UID for the meeting's whole
 * life, its SEQUENCE raised on every move and on cancelling, so calendar apps update one entry.
 */
export function meetingIcsFile(file: MeetingFile, now: Date): { filename: string; body: string } {
  const m = file.meeting;
  const body = buildMeetingIcs({
    meetingId: m.id,
    sequence: m.sequence,
    status: m.status === 'cancelled' ? 'cancelled' : 'scheduled',
    start: m.start,
    end: m.end,
    summary: `Mentoring: ${file.organizer.name} and ${file.attendee.name}`,
    description: `A meeting of your ${file.programmeName} mentoring match, booked in the mentoring app in Teams.${m.mode === 'virtual' ? ' Start the call from your Teams chat.' : ''}`,
    organizer: file.organizer,
    attendee: file.attendee,
    mode: m.mode,
    location: m.location,
    now,
  });
  return { filename: `mentoring-meeting-${m.start.slice(0, 10)}.ics`, body };
}

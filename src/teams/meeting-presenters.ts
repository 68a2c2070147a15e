import { titleOf, TOPICS } from '../domain/catalogue';
import { formatList, formatUkDate } from '../domain/format';
import { londonWallClock } from '../domain/london-time';
import type { Meeting } from '../domain/meeting';
import { SESSION_MODES, sessionOf } from '../domain/session-log';
import type { MatchView } from '../services/matches.service';
import type { MeetingOffer } from '../services/meetings.service';
import type { SessionForm, SessionPick, SessionView } from '../services/sessions.service';
import { renderCard, type MatchHomeData } from './cards/views';

/** Cards of the pair's home, meetings and session logs: use-case results turned into the templates' data. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:00" in London. */
function londonTime(iso: string): string {
  const c = londonWallClock(new Date(iso));
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

/** "Tuesday 3 March 2027, 14:00–15:00". */
export function meetingTimes(start: string, end: string): string {
  return `${formatUkDate(start)}, ${londonTime(start)}–${londonTime(end)}`;
}

function meetingLine(m: Meeting): string {
  const where = m.mode === 'virtual' ? (m.joinUrl ? 'Teams meeting' : 'virtual') : `in person at ${m.location}`;
  return `Next meeting: ${meetingTimes(m.start, m.end)} (${where})`;
}

/** A Teams deep link to a 1:1 chat with the person signed in as `upn`. */
export function chatLink(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}`;
}

/** The home section of an agreed match's card: where the pair stands and what either can do now. */
export function matchHome(view: MatchView): MatchHomeData | undefined {
  const h = view.home;
  if (!h) return undefined;
  const open = view.match.status === 'accepted' || view.match.status === 'active';
  const forMentor = view.viewer === 'mentor';
  const otherName = forMentor ? view.menteeName : view.mentorName;
  const full = h.sessionsLogged >= h.cap;
  const next = h.nextMeeting;
  const notes: string[] = [];
  if (open && !next && !full)
    notes.push(
      h.sessionsLogged === 0
        ? 'Schedule your first meeting: the app finds times when you are both free.'
        : 'Schedule your next meeting when you are ready.',
    );
  if (open && next && next.calendar === 'offline')
    notes.push('This meeting is kept by the app, not on Outlook: add it to your calendar with the .ics file.');
  if (view.match.status === 'ended' && view.match.endedAt) {
    const who =
      view.match.endedBy === view.viewer
        ? 'You ended it'
        : view.match.endedBy === 'coordinator'
          ? 'The programme coordinators ended it'
          : `${otherName} ended it`;
    notes.push(`This match ended on ${formatUkDate(view.match.endedAt)}. ${who}: this is a no-fault ending.`);
  }
  if (view.match.status === 'completed')
    notes.push(`This match is complete: all ${h.cap} sessions the programme allows are logged.`);
  if (open && !h.otherEmail) notes.push(`Find ${otherName} in Teams chat by name.`);
  return {
    sessionLine: full
      ? `All ${h.cap} sessions logged`
      : h.sessionsLogged === 0
        ? `No sessions logged yet (up to ${h.cap})`
        : `${h.sessionsLogged} of ${h.cap} sessions logged`,
    lastSessionLine: h.lastSessionOn ? `Last session: ${formatUkDate(h.lastSessionOn)}` : undefined,
    meetingLine: next ? meetingLine(next) : undefined,
    homeNote: notes.join(' ') || undefined,
    joinUrl: open && next?.joinUrl ? next.joinUrl : undefined,
    chatUrl: h.otherEmail ? chatLink(h.otherEmail) : undefined,
    icsUrl: open ? h.icsUrl : undefined,
    canSchedule: open && !next && !full,
    canMove: open && Boolean(next),
    meetingId: next?.id,
    meetingVersion: next?.version,
    canLog: open && forMentor && !full,
    canAddNotes: !forMentor && Boolean(h.latestSessionId),
    latestSessionId: h.latestSessionId,
    canEnd: open,
    canEvaluate: view.match.status === 'completed' || view.match.status === 'ended',
    evaluateTitle: forMentor ? 'Your reflection' : 'Evaluate the mentoring',
    endNote: forMentor ? 'Your place is freed for another mentee.' : 'You can then choose another mentor.',
  };
}

/** "Choose a time": up to three slots when both are free, with the mode and place. */
export function meetingOfferCard(
  offer: MeetingOffer,
  opts: { notice?: string; values?: { mode?: string; location?: string } } = {},
) {
  const moving = Boolean(offer.meeting);
  const where =
    offer.calendar === 'graph'
      ? 'from both your Outlook calendars'
      : 'from the meetings the app knows about (your organisation has not connected Outlook calendars)';
  return renderCard('meetingOffer', {
    headline: moving ? `Move your meeting with ${offer.otherName}` : `Schedule a meeting with ${offer.otherName}`,
    intro: `Times in the next 14 days when you are both free, ${where}: ${offer.meetingLengthMinutes} minutes inside working hours. ${offer.calendar === 'graph' ? 'The meeting goes on your calendar, and ' + offer.otherName + ' is invited.' : 'You both get an .ics file to add it to your calendars.'}`,
    notice: opts.notice,
    emptyText:
      'There is no time in the next 14 days when you are both free in working hours. Look again later, or agree a time in chat and log the session afterwards.',
    slots: offer.slots.map((s) => ({ label: meetingTimes(s.start, s.end), start: s.start })),
    defaultMode:
      opts.values?.mode === 'in-person' || opts.values?.mode === 'virtual'
        ? opts.values.mode
        : (offer.meeting?.mode ?? offer.defaultMode),
    location: opts.values?.location ?? offer.meeting?.location,
    matchId: offer.matchId,
    meetingId: offer.meeting?.id,
    meetingVersion: offer.meeting?.version,
  });
}

/** The mentor's "Log this session" form, prefilled from the meeting (or today). */
export function sessionFormCard(
  form: SessionForm,
  opts: { notice?: string; values?: Record<string, unknown>; headline?: string } = {},
) {
  const v = opts.values ?? {};
  const str = (k: string, fallback: string) =>
    typeof v[k] === 'string' || typeof v[k] === 'number' ? String(v[k]) : fallback;
  return renderCard('sessionForm', {
    headline: opts.headline ?? `Log this session with ${form.menteeName}`,
    sessionLine: sessionOf(form.number, form.cap),
    notice: opts.notice,
    today: form.today,
    values: {
      heldOn: str('heldOn', form.heldOn),
      durationMinutes: str('durationMinutes', String(form.durationMinutes)),
      mode: str('mode', form.mode),
      topics: str('topics', ''),
      actionPoints: str('actionPoints', ''),
      mentorNotes: str('mentorNotes', ''),
    },
    modes: SESSION_MODES.map(({ title, value }) => ({ title, value })),
    topics: TOPICS.map(({ title, value }) => ({ title, value })),
    matchId: form.matchId,
    meetingId: form.meetingId,
    formId: form.formId,
  });
}

/** A logged session as one of the pair sees it; fields they may not see never reach the card. */
export function sessionCard(view: SessionView, opts: { headline?: string; notice?: string } = {}) {
  const s = view.session;
  const forMentee = view.viewer === 'mentee';
  return renderCard('session', {
    headline: opts.headline ?? `Session with ${view.otherName}`,
    sessionLine: sessionOf(s.number, view.cap),
    notice: opts.notice,
    facts: [
      { title: 'Date', value: formatUkDate(s.heldOn) },
      { title: 'Length', value: `${s.durationMinutes} minutes` },
      { title: 'How', value: SESSION_MODES.find((m) => m.value === s.mode)?.title ?? s.mode },
      {
        title: 'Topics',
        value: s.topics.length ? formatList(s.topics.map((t) => titleOf(TOPICS, t))) : 'None recorded',
      },
    ],
    actionPoints: s.actionPoints || undefined,
    mentorNotes: s.mentorNotes || undefined,
    menteeNotes: s.menteeNotes || undefined,
    menteeNotesTitle: forMentee
      ? s.menteeNotesShared
        ? 'Your notes (shared with your mentor)'
        : 'Your notes (only you see these)'
      : `${view.otherName}'s notes, shared with you`,
    canEditNotes: forMentee,
    notesButton: s.menteeNotes ? 'Edit my notes' : 'Add my notes',
    notesValue: forMentee ? (s.menteeNotes ?? '') : '',
    sharedValue: s.menteeNotesShared ? 'true' : 'false',
    sessionId: s.id,
    version: s.version,
    matchId: s.matchId,
  });
}

/** The mentor chooses which match a session is for. */
export function sessionPickCard(pick: SessionPick) {
  return renderCard('sessionPick', {
    matches: pick.matches.map((m) => ({
      title: `${m.menteeName} (${m.logged} of ${m.cap} logged)`,
      matchId: m.matchId,
    })),
  });
}

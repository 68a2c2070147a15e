import type { Application } from '../domain/application';
import {
  COUNTRIES,
  GRADES,
  LANGUAGES,
  MEETING_PREFERENCES,
  SPECIALTIES,
  TOPICS,
  titleOf,
  type Choice,
} from '../domain/catalogue';
import { formatList, formatUkDateTime } from '../domain/format';
import { acceptedAt, type Match, type MatchStatus } from '../domain/match';
import { formatDeadline } from '../domain/working-days';
import type { MatchView } from '../services/matches.service';
import type { SuggestionPage } from '../services/matching.service';
import type { ProfileView } from '../services/mentor-profiles.service';
import { matchHome } from './meeting-presenters';
import { renderCard, type ChoiceItem, type StatusTone } from './cards/views';

/** Cards of mentee's choice and mentor profiles: use-case results turned into the templates' data models. */

/** Match statuses as cards name them: the one table, for the pair's cards and the coordinators' overview alike. */
export const MATCH_STATUS: Readonly<Record<MatchStatus, { label: string; tone: StatusTone }>> = {
  requested: { label: 'Waiting for the mentor’s answer', tone: 'warning' },
  proposed: { label: 'Proposed by the programme coordinators: waiting for both answers', tone: 'warning' },
  accepted: { label: 'Accepted', tone: 'good' },
  declined: { label: 'Declined', tone: 'attention' },
  expired: { label: 'Expired (no answer in time)', tone: 'attention' },
  withdrawn: { label: 'Withdrawn by the mentee', tone: 'attention' },
  active: { label: 'Active', tone: 'good' },
  completed: { label: 'Completed', tone: 'accent' },
  ended: { label: 'Ended', tone: 'accent' },
};

const meeting = (v: string) => titleOf(MEETING_PREFERENCES as readonly Choice[], v);

function withAny(label: string, values: string[], title: (v: string) => string): ChoiceItem[] {
  return [{ title: label, value: 'any' }, ...values.map((v) => ({ title: title(v), value: v }))];
}

/** The suggestions card: best first, each with its reasons, filters and paging. */
export function suggestionsCard(page: SuggestionPage, notice?: string) {
  const f = page.filters;
  const open = page.openMatch;
  return renderCard('mentorSuggestions', {
    headline: 'Suggested mentors',
    summary: `${page.total} ${page.total === 1 ? 'mentor' : 'mentors'} with a free place · page ${page.page} of ${page.pageCount}`,
    notice:
      notice ??
      (open
        ? 'You already have a request or match in progress (type "my matches"); you can request another mentor once it ends.'
        : undefined),
    filters: {
      specialty: f.specialty || 'any',
      site: f.site || 'any',
      country: f.country || 'any',
      language: f.language || 'any',
    },
    choices: {
      specialties: withAny('Any specialty', page.options.specialties, (v) => titleOf(SPECIALTIES, v)),
      sites: withAny('Any site', page.options.sites, (v) => v),
      countries: withAny('Any country', page.options.countries, (v) => titleOf(COUNTRIES, v)),
      languages: withAny('Any language', page.options.languages, (v) => titleOf(LANGUAGES, v)),
    },
    mentors: page.suggestions.map((s) => ({
      mentorApplicationId: s.application.id,
      name: s.name,
      line: [
        titleOf(GRADES, s.application.form.grade),
        titleOf(SPECIALTIES, s.application.form.specialty),
        s.application.form.site,
      ].join(' · '),
      reasons: s.reasons.join(' · ') || 'a mentor with a free place in your programme',
      bio: s.profile.bio,
    })),
    // Without a filter set there are no other filters to try: nobody the mentee may request has a place.
    emptyText:
      Object.keys(f).length > 0
        ? 'No mentor with a free place matches these filters right now. Try other filters, or look again later.'
        : 'No mentor you can request has a free place right now. Look again later, or ask your programme coordinators.',
    hasPrevious: page.page > 1,
    hasNext: page.page < page.pageCount,
    previousPage: Math.max(1, page.page - 1),
    nextPage: Math.min(page.pageCount, page.page + 1),
  });
}

function profileFacts(a: Application, topics: readonly string[], meetingPreference: string) {
  const f = a.form;
  return [
    { title: 'Grade', value: titleOf(GRADES, f.grade) },
    { title: 'Specialty', value: titleOf(SPECIALTIES, f.specialty) },
    { title: 'Site', value: f.site },
    { title: 'Qualified in', value: titleOf(COUNTRIES, f.qualificationCountry) },
    { title: 'Languages', value: formatList(f.languages.map((l) => titleOf(LANGUAGES, l))) },
    { title: 'Topics', value: formatList(topics.map((t) => titleOf(TOPICS, t))) },
    { title: 'Meeting', value: meeting(meetingPreference) },
  ];
}

/** The status line, which for a proposal says who has answered, and for a request speaks to the mentor as "you". */
function statusOf(view: MatchView): { label: string; tone: StatusTone } {
  const m = view.match;
  if (m.status === 'requested' && view.viewer === 'mentor')
    return { ...MATCH_STATUS.requested, label: 'Waiting for your answer' };
  if (m.status !== 'proposed') return MATCH_STATUS[m.status];
  const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
  const mine = acceptedAt(m, view.viewer);
  const theirs = acceptedAt(m, view.viewer === 'mentor' ? 'mentee' : 'mentor');
  if (mine) return { label: `You accepted: waiting for ${otherName}`, tone: 'warning' };
  if (theirs) return { label: `${otherName} accepted: waiting for your answer`, tone: 'warning' };
  return MATCH_STATUS.proposed;
}

/** Statuses in which the two people are matched: a proposal is no longer "proposed" once in one of them. */
const MATCHED: readonly MatchStatus[] = ['accepted', 'active', 'completed', 'ended'];

/** The card's usual headline: what the match is, from the viewer's side, and for a proposal where it stands. */
function defaultHeadline(view: MatchView): string {
  const forMentor = view.viewer === 'mentor';
  if (view.match.origin === 'automatic') {
    const what = MATCHED.includes(view.match.status) ? 'Your' : 'Proposed';
    return forMentor ? `${what} mentee: ${view.menteeName}` : `${what} mentor: ${view.mentorName}`;
  }
  if (view.home) return forMentor ? `Your mentee: ${view.menteeName}` : `Your mentor: ${view.mentorName}`;
  return forMentor ? `Mentoring request from ${view.menteeName}` : `Your request to ${view.mentorName}`;
}

/**
 * A match as its viewer sees it. A request: the mentor answers, the mentee follows (and may withdraw). A proposal
 * from automatic matching: both answer, and each sees whether the other has.
 */
export function matchCard(view: MatchView, opts: { headline?: string; notice?: string } = {}) {
  const m = view.match;
  const forMentor = view.viewer === 'mentor';
  const waiting = m.status === 'requested' || m.status === 'proposed';
  const mayAnswer = m.status === 'proposed' ? !acceptedAt(m, view.viewer) : m.status === 'requested' && forMentor;
  const otherName = forMentor ? view.menteeName : view.mentorName;
  const other = forMentor ? view.mentee : view.mentor;
  const proposal = m.origin === 'automatic';
  return renderCard('match', {
    headline: opts.headline ?? defaultHeadline(view),
    statusLabel: statusOf(view).label,
    statusTone: statusOf(view).tone,
    deadline: waiting
      ? mayAnswer
        ? `Please respond by ${formatDeadline(m.deadlineDate)}`
        : `${otherName} has until ${formatDeadline(m.deadlineDate)} to answer`
      : undefined,
    note:
      [
        opts.notice,
        proposal && waiting
          ? 'Your programme coordinators proposed this pair with automatic matching. It is confirmed once you both accept.'
          : undefined,
        m.respondedAt ? `Answered on ${formatUkDateTime(m.respondedAt)}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n') || undefined,
    otherRole: forMentor ? 'Mentee' : 'Mentor',
    otherName,
    facts: profileFacts(other, other.form.topics, other.form.meetingPreference),
    about: forMentor ? other.form.goals : other.form.bio,
    reasons: m.reasons.join(' · '),
    canRespond: waiting && mayAnswer,
    declineTitle: proposal ? 'Decline proposal' : 'Decline request',
    canWithdraw: !forMentor && m.status === 'requested',
    canFindAnother:
      !forMentor &&
      ['declined', 'expired', 'withdrawn'].includes(m.status) &&
      view.programme.settings.matchingModes.menteeChoice,
    matchId: m.id,
    version: m.version,
    home: matchHome(view),
  });
}

/** Headline of a new message about a match: its outcome once settled, otherwise the card's usual headline. */
export function outcomeHeadline(view: MatchView): string {
  const m = view.match;
  const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
  const what = m.origin === 'automatic' ? 'the proposed match' : 'your request';
  switch (m.status) {
    case 'accepted':
      return m.origin === 'automatic'
        ? `Your match with ${otherName} is confirmed`
        : `${view.mentorName} accepted your request`;
    case 'declined':
      return m.origin === 'automatic'
        ? `${otherName} declined the proposed match`
        : `${view.mentorName} could not take your request`;
    case 'expired':
      return m.origin === 'automatic'
        ? `The proposed match with ${otherName} expired`
        : `Your request to ${view.mentorName} expired`;
    case 'requested':
    case 'proposed':
      return defaultHeadline(view);
    default:
      return `Update on ${what}`;
  }
}

/** Headline of a reminder to whoever has not answered yet. */
export function reminderHeadline(view: MatchView): string {
  const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
  return view.match.origin === 'automatic'
    ? `Reminder: please answer the proposed match with ${otherName}`
    : `Reminder: ${view.menteeName} is waiting for your answer`;
}

/** The mentor's own profile card, editable. */
export function profileCard(
  view: ProfileView,
  opts: { notice?: string; values?: Record<string, string>; errors?: Record<string, string> } = {},
) {
  const p = view.profile;
  const full = p.inUse >= p.capacity;
  return renderCard('mentorProfile', {
    headline: 'Your mentor profile',
    statusLabel: p.paused ? 'Paused: not taking new mentees' : full ? 'Full: no free places' : 'Taking new mentees',
    statusTone: p.paused || full ? 'warning' : 'good',
    placesLabel: `${p.inUse} of ${p.capacity} ${p.capacity === 1 ? 'place' : 'places'} taken`,
    notice: opts.notice,
    errors: Object.entries(opts.errors ?? {}).map(([field, message]) => ({ field, message })),
    facts: profileFacts(view.application, [], p.meetingPreference).filter(
      (f) => !['Topics', 'Meeting'].includes(f.title),
    ),
    values: {
      bio: p.bio,
      capacity: String(p.capacity),
      topics: p.topics.join(','),
      meetingPreference: p.meetingPreference,
      ...(opts.values ?? {}),
    },
    capacity: view.programme.settings.mentorCapacity,
    choices: {
      topics: TOPICS.map(({ title, value }) => ({ title, value })),
      meetingPreferences: MEETING_PREFERENCES.map(({ title, value }) => ({ title, value })),
    },
    paused: p.paused,
    applicationId: p.applicationId,
    version: p.version,
  });
}

/** A coordinator's form to end a pair's match, or why it can no longer be ended. */
export function endMatchCard(seen: { match: Match; menteeName: string; mentorName: string }, notice?: string) {
  const open = seen.match.status === 'accepted' || seen.match.status === 'active';
  return renderCard('endMatch', {
    headline: `End the match: ${seen.menteeName} and ${seen.mentorName}`,
    notice,
    text: open
      ? 'This is a no-fault ending. Both people are told kindly, never the reason; the mentee can choose another mentor and the mentor’s place is freed. The pair is never matched again.'
      : `This match is ${MATCH_STATUS[seen.match.status].label.toLowerCase()}: there is nothing to end.`,
    canEnd: open,
    matchId: seen.match.id,
    version: seen.match.version,
  });
}

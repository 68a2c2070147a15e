import { CHOICE_PHRASE } from '../domain/cycle';
import { titleOf, TOPICS } from '../domain/catalogue';
import { formatList, formatUkDate, formatUkDateTime } from '../domain/format';
import type { VisibleSession } from '../domain/session-log';
import { keptPairs, type RunStatus } from '../domain/matching-run';
import type { MatchesOverview, PreparedRun, RunView } from '../services/auto-matching.service';
import { formatDeadline } from '../domain/working-days';
import type { MatchStatus } from '../domain/match';
import { renderCard, type StatusTone } from './cards/views';
import { MATCH_STATUS } from './match-presenters';
import { noticeCard } from './presenters';

/** Cards of automatic matching for coordinators: the proposal and the overview of all matches. */

export const PAIRS_PER_PAGE = 10;
/** Unmatched mentees listed by name; the rest are counted, so a large pool still fits Teams' card size limit. */
const UNMATCHED_LISTED = 20;

const RUN_STATUS: Record<RunStatus, { label: string; tone: StatusTone }> = {
  draft: { label: 'Draft: not published, nobody has been told', tone: 'warning' },
  published: { label: 'Published', tone: 'good' },
  discarded: { label: 'Discarded', tone: 'attention' },
  superseded: { label: 'Replaced by a newer run', tone: 'attention' },
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Scores are out of 10,000 inside; coordinators read them out of 100. */
export const scoreOutOf100 = (score: number) => `${Math.round(score / 100)}/100`;

/** The proposal card: one page of kept pairs (each removable), removed pairs, who stays unmatched and why. */
/** While a run is being solved: what is being matched; the same card shows the proposal when it is ready. */
export function matchingStartedCard(prepared: Pick<PreparedRun, 'mentees' | 'mentors' | 'programme'>) {
  const n = (k: number, one: string) => `${k.toLocaleString('en-GB')} ${one}${k === 1 ? '' : 's'}`;
  return noticeCard(
    `Matching ${n(prepared.mentees, 'mentee')} with ${n(prepared.mentors, 'mentor')}…`,
    `${prepared.programme.name}: the proposal will appear on this card in a moment. Nothing is sent to anyone until you publish it.`,
    'default',
  );
}

export function proposalCard(view: RunView, page = 1, notice?: string) {
  const { run, names } = view;
  const kept = keptPairs(run);
  const pageCount = Math.max(1, Math.ceil(kept.length / PAIRS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const shown = kept.slice((current - 1) * PAIRS_PER_PAGE, current * PAIRS_PER_PAGE);
  const name = (id: string) => names[id] ?? 'someone who has left the programme';
  const draft = run.status === 'draft';
  const published = run.outcome?.published ?? 0;
  const summary = [
    `${kept.length} of ${plural(run.pool.mentees, 'unmatched mentee')} matched`,
    `${plural(run.pool.mentors, 'mentor')} with ${plural(run.pool.places, 'free place')}`,
    // The certificate proves no other assignment of this pool scores higher; say that, not a bare "(checked)".
    run.certified
      ? 'certified the best possible for the whole pool'
      : 'not certified the best possible for the whole pool',
  ].join(' · ');
  const outcome =
    run.status === 'published'
      ? `Published ${run.publishedAt ? formatUkDateTime(run.publishedAt) : ''}: ${plural(published, 'proposal')} sent. Both people in each pair have been asked to accept.`
      : undefined;
  const unmatched = [
    ...run.unmatched.map((u) => ({ name: name(u.menteeApplicationId), reason: u.reason })),
    ...run.pairs
      .filter((p) => p.removed)
      .map((p) => ({
        name: name(p.menteeApplicationId),
        reason: p.barred ? 'pair removed and barred by a coordinator' : 'pair removed by a coordinator',
      })),
  ];
  return renderCard('matchingProposal', {
    headline: `Automatic matching: ${view.programme.name}`,
    statusLabel: RUN_STATUS[run.status].label,
    statusTone: RUN_STATUS[run.status].tone,
    summary,
    notice: [notice, outcome].filter(Boolean).join('\n\n') || undefined,
    pairsHeading:
      kept.length > PAIRS_PER_PAGE
        ? `Proposed pairs ${(current - 1) * PAIRS_PER_PAGE + 1}–${(current - 1) * PAIRS_PER_PAGE + shown.length} of ${kept.length}, best first`
        : 'Proposed pairs, best first',
    pairs: shown.map((p) => ({
      menteeApplicationId: p.menteeApplicationId,
      menteeName: name(p.menteeApplicationId),
      mentorName: name(p.mentorApplicationId),
      score: scoreOutOf100(p.score),
      reasons: p.reasons.join(' · ') || 'the best available for the pool',
    })),
    removed: draft
      ? run.pairs
          .filter((p) => p.removed)
          .map((p) => ({
            menteeApplicationId: p.menteeApplicationId,
            menteeName: name(p.menteeApplicationId),
            mentorName: name(p.mentorApplicationId),
            barred: p.barred === true,
          }))
      : [],
    skipped: (run.outcome?.skipped ?? []).map((s) => ({
      menteeName: name(s.menteeApplicationId),
      mentorName: name(s.mentorApplicationId),
      reason: s.reason,
    })),
    unmatchedHeading: `Not matched (${unmatched.length})`,
    unmatched: unmatched.slice(0, UNMATCHED_LISTED),
    unmatchedMore:
      unmatched.length > UNMATCHED_LISTED ? `…and ${unmatched.length - UNMATCHED_LISTED} more.` : undefined,
    canEdit: draft,
    canPublish: draft && kept.length > 0,
    publishTitle: `Publish ${plural(kept.length, 'pair')}`,
    publishConfirm: `Send ${plural(kept.length, 'proposal')}? Each mentee and mentor gets a card to accept or decline, and each proposal holds one of the mentor's places until it is declined or expires.`,
    runId: run.id,
    version: run.version,
    page: current,
    hasPrevious: current > 1,
    hasNext: current < pageCount,
    previousPage: Math.max(1, current - 1),
    nextPage: Math.min(pageCount, current + 1),
  });
}

/** The coordinators' overview: counts by status, then one page of matches with private decline reasons. */
export function programmeMatchesCard(o: MatchesOverview) {
  const counts = (Object.keys(MATCH_STATUS) as MatchStatus[])
    .filter((s) => o.counts[s])
    .map((s) => `${o.counts[s]} ${s}`);
  return renderCard('programmeMatches', {
    headline: `Matches: ${o.programme.name}`,
    summary:
      counts.length > 0 ? `${counts.join(' · ')} · page ${o.page} of ${o.pageCount}` : 'No requests or matches yet.',
    items: o.items.map(({ match: m, menteeName, mentorName, sessions }) => {
      const waiting = m.status === 'requested' || m.status === 'proposed';
      const detail = [
        m.origin === 'automatic' ? 'automatic matching' : 'requested by the mentee',
        `score ${scoreOutOf100(m.score)}`,
        waiting ? `answer due by ${formatDeadline(m.deadlineDate)}` : `updated ${formatUkDateTime(m.updatedAt)}`,
        m.status === 'declined' && m.declinedBy ? `declined by the ${m.declinedBy}` : undefined,
        sessionsLine(sessions, o.programme.settings.maxSessionsPerMatch),
        (m.cycle ?? 1) > 1 ? `cycle ${m.cycle}` : undefined,
        m.status === 'completed' || m.status === 'ended'
          ? `next: mentee ${m.menteeNext ? CHOICE_PHRASE[m.menteeNext] : 'not chosen yet'}, mentor ${m.mentorNext ? CHOICE_PHRASE[m.mentorNext] : 'not chosen yet'}`
          : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      return {
        title: `${menteeName} (mentee) → ${mentorName} (mentor)`,
        status: MATCH_STATUS[m.status].label,
        tone: MATCH_STATUS[m.status].tone,
        detail,
        reason: m.declineReason ?? (m.endReason ? `Ended by the ${m.endedBy}: ${m.endReason}` : undefined),
        matchId: m.id,
        canEnd: m.status === 'accepted' || m.status === 'active',
      };
    }),
    hasPrevious: o.page > 1,
    hasNext: o.page < o.pageCount,
    previousPage: Math.max(1, o.page - 1),
    nextPage: Math.min(o.pageCount, o.page + 1),
  });
}

/** "2 of 4 sessions, 120 min, last Tuesday 3 March 2027 (Wellbeing, Research)": the facts a coordinator may see. */
function sessionsLine(sessions: readonly VisibleSession[], cap: number): string | undefined {
  if (sessions.length === 0) return undefined;
  const minutes = sessions.reduce((sum, s) => sum + s.durationMinutes, 0);
  const last = sessions[sessions.length - 1];
  const topics = [...new Set(sessions.flatMap((s) => s.topics))].map((t) => titleOf(TOPICS, t));
  return `${sessions.length} of ${cap} sessions, ${minutes} min, last ${formatUkDate(last.heldOn)}${topics.length ? ` (${formatList(topics)})` : ''}`;
}

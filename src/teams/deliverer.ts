import type { ConversationReference } from 'botbuilder';
import type { Application } from '../domain/application';
import { ROLE_LABELS } from '../domain/format';
import type { OutboxMessage } from '../domain/outbox';
import type { MatchSide } from '../domain/match';
import { DeliveryFailure, type Deliverer } from '../services/outbox-dispatcher';
import type { Services } from '../services/services';
import {
  matchCard,
  outcomeHeadline as matchOutcomeHeadline,
  reminderHeadline,
  suggestionsCard,
} from './match-presenters';
import type { Messenger } from './messenger';
import { noticeCard, statusCard, type NoticeTone } from './presenters';
import { coordinatorReviewCard } from './review-card';
import { concernCard } from './concern-presenters';
import { evaluationCard } from './evaluation-presenters';
import { certificateCard, participationCard } from './certificate-presenters';
import { nextChoiceCard } from './cycle-presenters';
import { formatUkDate } from '../domain/format';
import { meetingTimes, sessionCard, sessionFormCard } from './meeting-presenters';
import { proposalCard } from './auto-match-presenters';
import type { Card } from './respond';
import { reportCard, reportsTabUrl } from './report-presenters';
import type { ProgrammeReport } from '../domain/report-model';

/**
 * Delivers outbox messages as Teams cards. Application cards are rendered from the record as it is at
 * delivery time, so a message that waited (retry, pacing) never shows an outdated state.
 */
export class TeamsDeliverer implements Deliverer {
  constructor(
    private readonly messenger: Messenger,
    private readonly services: Pick<
      Services,
      | 'applications'
      | 'directory'
      | 'matching'
      | 'matches'
      | 'concerns'
      | 'autoMatching'
      | 'sessions'
      | 'evaluations'
      | 'certificates'
      | 'cycles'
    >,
    /** The Teams app id, for the digest's link to the Reports tab. */
    private readonly teamsAppId?: string,
  ) {}

  get timeoutMs(): number {
    return this.messenger.timeoutMs;
  }

  async deliver(message: OutboxMessage, reference: unknown): Promise<{ activityId?: string }> {
    const card = await this.render(message);
    const ref = reference as Partial<ConversationReference>;
    if (message.kind === 'update' && message.activityId) {
      await this.messenger.update(ref, message.activityId, card);
      return {};
    }
    return { activityId: await this.messenger.send(ref, card) };
  }

  private async render(m: OutboxMessage): Promise<Card> {
    const data = (m.data ?? {}) as Record<string, unknown>;
    switch (m.view) {
      case 'applicationReview':
      case 'applicationStatus':
      case 'applicationOutcome': {
        const viewer = m.view === 'applicationReview' ? 'coordinator' : 'applicant';
        const view = await this.services.applications.viewFor(m.tenantId, String(data.applicationId), viewer);
        if (!view)
          return noticeCard('Application no longer available', 'This application has been removed.', 'default');
        if (viewer === 'coordinator') return coordinatorReviewCard(this.services.directory, view);
        return statusCard(view, m.view === 'applicationOutcome' ? { headline: outcomeHeadline(view.application) } : {});
      }
      case 'matchForMentor':
      case 'matchReminder':
      case 'matchForMentee': {
        const viewer: MatchSide = m.view === 'matchForMentee' || data.viewer === 'mentee' ? 'mentee' : 'mentor';
        const view = await this.services.matches.viewFor(m.tenantId, String(data.matchId), viewer);
        if (!view)
          return noticeCard('Request no longer available', 'This mentoring request has been removed.', 'default');
        if (m.view === 'matchReminder') return matchCard(view, { headline: reminderHeadline(view) });
        // A new message about a settled match is an outcome; an update of an existing copy keeps the card's own headline.
        return matchCard(view, m.kind === 'send' ? { headline: matchOutcomeHeadline(view) } : {});
      }
      case 'mentorSuggestions': {
        const page = await this.services.matching.suggestionsFor(m.tenantId, String(data.menteeApplicationId));
        if (!page)
          return noticeCard('Finding a mentor', 'Type "find a mentor" to see mentors with a free place.', 'default');
        return suggestionsCard(page, 'Here are mentors who have a free place now.');
      }
      case 'concernForCoordinators':
      case 'concernForRaiser': {
        const viewer = m.view === 'concernForCoordinators' ? 'coordinator' : 'raiser';
        const view = await this.services.concerns.viewFor(m.tenantId, String(data.concernId), viewer);
        if (!view) return noticeCard('Concern no longer available', 'This concern has been removed.', 'default');
        // A new message is news: the coordinators' urgent card, or the raiser hearing it was picked up.
        if (m.kind === 'send' && viewer === 'raiser')
          return concernCard(view, { headline: raiserHeadline(view.concern.status) });
        return concernCard(view);
      }
      case 'matchingProposal': {
        const view = await this.services.autoMatching.viewFor(m.tenantId, String(data.runId));
        if (!view)
          return noticeCard('Proposal no longer available', 'This matching proposal has been removed.', 'default');
        return proposalCard(view);
      }
      case 'evaluationForm': {
        const view = await this.services.evaluations.viewFor(
          m.tenantId,
          String(data.matchId),
          data.side === 'mentor' ? 'mentor' : 'mentee',
        );
        if (!view) return noticeCard('Match no longer available', 'This match has been removed.', 'default');
        if (view.mine) return evaluationCard(view);
        const what = view.role === 'mentee' ? 'your evaluation' : 'your reflection';
        return evaluationCard(
          view,
          data.reminder ? { headline: `Reminder: ${what} of your mentoring with ${view.otherName}` } : {},
        );
      }
      case 'nextChoice': {
        const view = await this.services.cycles.viewFor(
          m.tenantId,
          String(data.matchId),
          data.viewer === 'mentor' ? 'mentor' : 'mentee',
        );
        if (!view) return noticeCard('Match no longer available', 'This match has been removed.', 'default');
        return nextChoiceCard(view);
      }
      case 'cycleNotice':
      case 'cycleStarted':
      case 'cycleApart': {
        const viewer: MatchSide = data.viewer === 'mentor' ? 'mentor' : 'mentee';
        const view = await this.services.matches.viewFor(m.tenantId, String(data.matchId), viewer);
        if (!view) return noticeCard('Match no longer available', 'This match has been removed.', 'default');
        const otherName = viewer === 'mentor' ? view.menteeName : view.mentorName;
        if (m.view === 'cycleNotice')
          return matchCard(view, {
            headline: `Your mentoring cycle with ${otherName} ends on ${formatUkDate(String(data.endDate))}`,
            notice:
              'Log any sessions you have had before then. At the end you will each choose what comes next, including another cycle together.',
          });
        if (m.view === 'cycleStarted')
          return matchCard(view, {
            headline: `Your next cycle with ${otherName} has started`,
            notice:
              'You both chose to continue. The session count starts again; your earlier sessions stay in your history.',
          });
        return noticeCard(
          `No new cycle with ${otherName}`,
          `${otherName} has chosen not to continue for another cycle. This is nobody's fault: people's needs change. ${viewer === 'mentee' ? 'Fresh suggestions of mentors follow.' : 'Your place is free for a new mentee.'}`,
          'default',
        );
      }
      case 'certificate': {
        const view = await this.services.certificates.viewFor(m.tenantId, String(data.certificateId));
        if (!view)
          return noticeCard('Certificate no longer available', 'This certificate has been removed.', 'default');
        return certificateCard(view);
      }
      case 'participation': {
        const view = await this.services.certificates.participationFor(m.tenantId, String(data.certificateId));
        if (!view) return noticeCard('Record no longer available', 'This record has been removed.', 'default');
        return participationCard(view);
      }
      case 'matchEnded': {
        const viewer: MatchSide = data.viewer === 'mentor' ? 'mentor' : 'mentee';
        const view = await this.services.matches.viewFor(m.tenantId, String(data.matchId), viewer);
        if (!view) return noticeCard('Match no longer available', 'This match has been removed.', 'default');
        const otherName = viewer === 'mentor' ? view.menteeName : view.mentorName;
        const next =
          viewer === 'mentee'
            ? 'You can choose another mentor: fresh suggestions follow.'
            : 'Your place is free for another mentee.';
        return matchCard(view, {
          headline: `Your match with ${otherName} has ended`,
          notice: `This is a no-fault ending: matches end for many reasons, and nobody is at fault. ${next}`,
        });
      }
      case 'meetingNotice': {
        const viewer: MatchSide = data.viewer === 'mentor' ? 'mentor' : 'mentee';
        const view = await this.services.matches.viewFor(m.tenantId, String(data.matchId), viewer);
        if (!view) return noticeCard('Match no longer available', 'This match has been removed.', 'default');
        const when = meetingTimes(String(data.start), String(data.end));
        const by = String(data.byName ?? 'The other person');
        const headline =
          data.action === 'meeting.cancel'
            ? `${by} cancelled your meeting of ${when}`
            : data.action === 'meeting.move'
              ? `${by} moved your meeting to ${when}`
              : `${by} booked a meeting: ${when}`;
        return matchCard(view, { headline });
      }
      case 'sessionForMentee':
      case 'sessionForMentor': {
        const viewer = m.view === 'sessionForMentee' ? 'mentee' : 'mentor';
        const view = await this.services.sessions.viewFor(m.tenantId, String(data.sessionId), viewer);
        if (!view) return noticeCard('Session no longer available', 'This session log has been removed.', 'default');
        if (m.kind === 'send' && viewer === 'mentee') {
          return sessionCard(view, {
            headline: `${view.otherName} logged a session with you`,
            notice: 'Add your own notes: they are yours alone unless you choose to share them with your mentor.',
          });
        }
        return sessionCard(view);
      }
      case 'sessionLogForm': {
        const form = await this.services.sessions.formFor(m.tenantId, String(data.matchId), String(data.meetingId));
        if (!form)
          return noticeCard('Nothing to log', 'This meeting is already logged, or the match has ended.', 'default');
        return sessionFormCard(form, {
          headline: data.reminder
            ? `Reminder: log your session with ${form.menteeName}`
            : `Log this session with ${form.menteeName}`,
        });
      }
      case 'reportDigest':
        // The figures as counted when the digest was due: a digest that waited for a slot still says "as of" then.
        return reportCard(data.report as ProgrammeReport, { digest: true, tabUrl: reportsTabUrl(this.teamsAppId) });
      case 'notice':
        return noticeCard(String(data.title ?? ''), String(data.text ?? ''), (data.tone as NoticeTone) ?? 'default');
      default:
        // Final: no later attempt can render a view this version does not know.
        throw new DeliveryFailure(`cannot be delivered: unknown view ${m.view}`, false);
    }
  }
}

/** Says which application: one person may hold a mentee and a mentor application at once. */
function outcomeHeadline(app: Application): string {
  const which = `${ROLE_LABELS[app.role].toLowerCase()} application`;
  switch (app.status) {
    case 'approved':
      return `Your ${which} has been approved`;
    case 'rejected':
      return `Your ${which} was not accepted`;
    case 'info-requested':
      return `The coordinators need more information on your ${which}`;
    default:
      return `Your ${which} has been updated`;
  }
}

function raiserHeadline(status: string): string {
  return status === 'closed' ? 'The coordinators have closed your concern' : 'A coordinator has picked up your concern';
}

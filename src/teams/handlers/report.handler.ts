import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../services/actor';
import { conversationKeyOf } from '../turn';
import type { ReportsService } from '../../services/reports.service';
import { reportCard, reportsTabUrl } from '../report-presenters';
import type { Card } from '../respond';

export interface ReportFlowDeps {
  reports: ReportsService;
  /** The Teams app id, for the card's link to the Reports tab; absent until the app is provisioned. */
  teamsAppId?: string;
}

/** "reports", in personal chat or the coordinators' channel: the summary card, or a refusal for anyone not a coordinator. */
export async function showReport(deps: ReportFlowDeps, context: TurnContext, actor: Actor): Promise<Card> {
  const type = context.activity.conversation?.conversationType;
  const shared = type === 'channel' || type === 'groupChat';
  const report = await deps.reports.forCoordinator(
    actor,
    shared ? (conversationKeyOf(context.activity) ?? 'unknown') : undefined,
  );
  return reportCard(report, { digest: false, tabUrl: reportsTabUrl(deps.teamsAppId) });
}

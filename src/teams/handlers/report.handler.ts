import type { Actor } from '../../services/actor';
import type { ReportsService } from '../../services/reports.service';
import { reportCard, reportsTabUrl } from '../report-presenters';
import type { Card } from '../respond';

export interface ReportFlowDeps {
  reports: ReportsService;
  /** The Teams app id, for the card's link to the Reports tab; absent until the app is provisioned. */
  teamsAppId?: string;
}

/** "reports", in personal chat or the coordinators' channel: the summary card, or a refusal for anyone not a coordinator. */
export async function showReport(deps: ReportFlowDeps, actor: Actor): Promise<Card> {
  return reportCard(await deps.reports.forCoordinator(actor), { digest: false, tabUrl: reportsTabUrl(deps.teamsAppId) });
}

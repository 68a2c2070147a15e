import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import type { Actor } from '../../services/actor';
import type { CertificatesService } from '../../services/certificates.service';
import { VERBS } from '../cards/verbs';
import { certificateCard, certificatesCard } from '../certificate-presenters';
import { payloads } from '../payloads';
import { onExecute, type Card } from '../respond';

export interface CertificateFlowDeps {
  certificates: CertificatesService;
}

/** "my certificates": a mentor's certificates, each with a fresh download link. */
export async function showCertificates(deps: CertificateFlowDeps, actor: Actor): Promise<Card> {
  return certificatesCard(await deps.certificates.mine(actor));
}

/**
 * Certificates (docs/certificates.md): "Get a new download link" refreshes the card it was pressed on with a link
 * signed now, for the person pressing it, and only when the certificate is theirs.
 */
export function registerCertificateFlow(app: TeamsApplication<TurnState>, deps: CertificateFlowDeps): void {
  onExecute(app, VERBS.certOpen, payloads.certOpen, async (_context, actor, data) => {
    const notice = 'Here are new download links; each lasts an hour.';
    const view = await deps.certificates.view(actor, data.certificateId);
    // Pressed on the "my certificates" list, the list stays, every link signed afresh.
    if (data.list) return certificatesCard(await deps.certificates.mine(actor), { notice });
    return certificateCard(view, { notice: 'Here is a new download link; it lasts an hour.' });
  });
}

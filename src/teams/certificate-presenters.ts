import { creditsPhrase, hoursPhrase, periodPhrase, sessionsPhrase } from '../domain/certificate';
import { formatUkDate } from '../domain/format';
import type { CertificateView, ParticipationView } from '../services/certificates.service';
import { renderCard } from './cards/views';
import { noticeCard } from './presenters';

/** One certificate as its mentor sees it: what it states, and the download once the PDF is ready. */
function certificateItem(view: CertificateView) {
  const f = view.certificate.facts;
  return {
    title: f.organisationName ? `${f.programmeName}, ${f.organisationName}` : f.programmeName,
    facts: [
      { title: 'Role', value: f.role },
      { title: 'Period', value: periodPhrase(f.periodStart, f.periodEnd) },
      { title: 'Sessions', value: sessionsPhrase(f.sessions) },
      { title: 'Total time', value: `${hoursPhrase(f.minutes)} (${creditsPhrase(f.minutes)})` },
      ...(f.menteeName ? [{ title: 'Mentee', value: f.menteeName }] : []),
      { title: 'Issued by', value: `${f.issuedBy}, ${formatUkDate(f.issuedOn)}` },
      { title: 'Verification code', value: f.code },
    ],
    ...(view.downloadUrl ? { downloadUrl: view.downloadUrl } : {}),
    preparing: !view.ready,
    canRefresh: view.ready,
    certificateId: view.certificate.id,
  };
}

/** The mentor's new certificate (a card of its own), or the same card refreshed with a new download link. */
export function certificateCard(view: CertificateView, opts: { headline?: string; notice?: string } = {}) {
  const f = view.certificate.facts;
  const noAddress = view.ready && !view.downloadUrl;
  return renderCard('certificates', {
    headline: opts.headline ?? 'Your mentoring certificate',
    intro: `Thank you for mentoring in ${f.programmeName}. This certificate counts towards your CPD: ${creditsPhrase(f.minutes)}, one per hour of logged sessions. Anyone you show it to can check its code on the programme's verification page.`,
    notice: noAddress ? NO_ADDRESS : opts.notice,
    items: [certificateItem(view)],
  });
}

/** "my certificates": every certificate of the mentor, newest first. */
export function certificatesCard(views: readonly CertificateView[], opts: { notice?: string } = {}) {
  if (views.length === 0) {
    return noticeCard(
      'No certificates yet',
      'A certificate comes when a mentoring match with at least one logged session ends, once your mentee has sent their evaluation (or after the programme’s waiting time).',
      'default',
    );
  }
  return renderCard('certificates', {
    headline: views.length === 1 ? 'Your certificate' : `Your certificates (${views.length})`,
    intro: 'Each download link lasts an hour; ask for a new one at any time.',
    notice: views.some((v) => v.ready && !v.downloadUrl) ? NO_ADDRESS : opts.notice,
    items: views.map((v) => ({ ...certificateItem(v), listed: true })),
  });
}

/** The mentee's short record of participation: programme, period and sessions. */
export function participationCard(view: ParticipationView) {
  return renderCard('certificates', {
    headline: 'Your record of participation',
    intro: `Thank you for taking part in ${view.programmeName}. Keep this record for your portfolio.`,
    items: [
      {
        title: view.programmeName,
        facts: [
          { title: 'Role', value: 'Mentee' },
          { title: 'Mentor', value: view.mentorName },
          { title: 'Period', value: periodPhrase(view.periodStart, view.periodEnd) },
          { title: 'Sessions', value: sessionsPhrase(view.sessions) },
        ],
        preparing: false,
        canRefresh: false,
        certificateId: view.certificateId,
      },
    ],
  });
}

const NO_ADDRESS =
  'Downloads are not available: this service has no public address set (PUBLIC_URL). Ask your coordinators.';

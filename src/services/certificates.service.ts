import { createHash, randomBytes } from 'node:crypto';
import {
  canonicalCode,
  certificateFacts,
  certificateRefusal,
  CODE_LENGTH,
  newVerificationCode,
  verificationOf,
  type CertificateFacts,
  type CertificateRecord,
  type CertificateTrigger,
  type CertificateVerification,
} from '../domain/certificate';
import { ConflictError, ForbiddenError } from '../domain/errors';
import type { Match } from '../domain/match';
import type { Programme } from '../domain/programme';
import { addWorkingDays, londonInstant, type BankHolidays } from '../domain/working-days';
import { conversationKey, type Actor } from './actor';
import type { Job } from '../domain/jobs';
import type { JobRunner } from './job-runner';
import { applicationOf } from './match-pool';
import { nameOf } from './names';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

export const CERTIFICATE_JOBS = { render: 'certificate.render', fallback: 'certificate.fallback' } as const;

/** Renders a certificate's PDF (src/pdf); injected so the use case knows no PDF library. */
export type CertificateRenderer = (facts: CertificateFacts) => Promise<Buffer>;

/** A signed, expiring download link for one person, or undefined when the service has no public address. */
export type CertificateLink = (certificate: CertificateRecord, personId: string) => string | undefined;

/** A certificate as its mentor sees it on a card: the facts, and a fresh download link once the PDF is ready. */
export interface CertificateView {
  certificate: CertificateRecord;
  ready: boolean;
  downloadUrl?: string;
}

/** The mentee's record of participation: programme, period and sessions (no hours, notes or mentor's figures). */
export interface ParticipationView {
  certificateId: string;
  programmeName: string;
  mentorName: string;
  periodStart: string;
  periodEnd: string;
  sessions: number;
}

/** SHA-256 of a canonical code: the public directory never holds a code itself. */
export function codeDigest(canonical: string): string {
  return createHash('sha256').update(`certificate-code:${canonical}`, 'utf8').digest('hex');
}

/**
 * Mentors' CPD certificates and mentees' records of participation (SPEC §3.5; docs/certificates.md). Issued in
 * the transaction that makes them due (the mentee's evaluation, or the waiting-time job), with frozen facts and a
 * verification code; a job renders the PDF outside any transaction, stores it once, and only then sends the
 * mentor the card with the download link and the mentee their record.
 */
export class CertificatesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
    private readonly render: CertificateRenderer,
    private readonly link: CertificateLink = () => undefined,
    private readonly random: (bytes: number) => Uint8Array = randomBytes,
  ) {}

  /**
   * In the transaction that ended or completed a match: when the programme issues certificates without an
   * evaluation, a job to do so once its waiting time has passed (the morning after the last working day).
   */
  async scheduleFallbackIn(tx: TenantTx, match: Match, programme: Programme, at: string): Promise<void> {
    const wait = programme.settings.certificateWaitWorkingDays;
    if (!Number.isSafeInteger(wait) || wait < 1) return;
    const day = addWorkingDays(at, wait + 1, programme.settings.bankHolidayNation, this.holidays);
    await tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: CERTIFICATE_JOBS.fallback,
        dueAt: londonInstant(day.date, programme.settings.workingHours.start),
        payload: { matchId: match.id },
        dedupeKey: `match:${match.id}:certificate-fallback`,
      },
      at,
    );
  }

  /**
   * Issues the certificate of a finished match in the caller's transaction, unless it has one already or had no
   * session: facts frozen, a code registered, the PDF's rendering scheduled. Returns it, or undefined.
   */
  async issueIn(
    tx: TenantTx,
    match: Match,
    trigger: CertificateTrigger,
    at: string,
  ): Promise<CertificateRecord | undefined> {
    const logs = await tx.sessionLogs.listForMatch(match.id);
    const existing = await tx.certificates.forMatch(match.id);
    if (certificateRefusal(match, logs.length, existing !== undefined)) return existing;
    const programme = await tx.programmes.get(match.programmeId);
    if (!programme) return undefined;
    const evaluation = (await tx.evaluations.forMatch(match.id)).find((e) => e.role === 'mentee')?.evaluation;
    const mentorName = await nameOf(tx, await applicationOf(tx, match.mentorApplicationId));
    const menteeName = evaluation?.nameOnCertificate
      ? await nameOf(tx, await applicationOf(tx, match.menteeApplicationId))
      : undefined;
    const code = newVerificationCode(this.random(CODE_LENGTH));
    const record: CertificateRecord = {
      tenantId: match.tenantId,
      id: this.ids.next(),
      programmeId: match.programmeId,
      matchId: match.id,
      mentorPersonId: match.mentorPersonId,
      menteePersonId: match.menteePersonId,
      trigger,
      facts: certificateFacts({
        match,
        programmeName: programme.name,
        organisationName: programme.settings.organisationName,
        mentorName,
        menteeName,
        issuedBy: await this.issuer(tx, programme, match),
        sessions: logs.length,
        minutes: logs.reduce((sum, l) => sum + l.durationMinutes, 0),
        issuedAt: at,
        code,
      }),
      issuedAt: at,
    };
    try {
      await tx.certificates.insert(record, codeDigest(canonicalCode(code)!));
    } catch (e) {
      // A racing issue of the same match (the evaluation and the waiting-time job at once) inserted first.
      if (e instanceof ConflictError) return tx.certificates.forMatch(match.id);
      throw e;
    }
    // The waiting-time job has nothing left to do (not cancelled from inside itself: that would roll it back).
    if (trigger !== 'fallback') await tx.jobs.cancel(`match:${match.id}:certificate-fallback`, at);
    await tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: CERTIFICATE_JOBS.render,
        dueAt: at,
        payload: { certificateId: record.id },
        dedupeKey: `certificate:${record.id}:render`,
      },
      at,
    );
    await tx.audit.append({
      tenantId: record.tenantId,
      at,
      actorId: 'system',
      entityType: 'match',
      entityId: match.id,
      action: 'certificate',
      detail: `issued (${trigger})`,
    });
    return record;
  }

  registerJobs(runner: JobRunner): void {
    runner.register(CERTIFICATE_JOBS.fallback, this.fallback);
    runner.register(CERTIFICATE_JOBS.render, this.stored, this.rendered);
  }

  /** Job: the mentee has not answered within the programme's waiting time; the mentor gets their certificate anyway. */
  readonly fallback = async (job: Job, tx: TenantTx): Promise<void> => {
    const match = await tx.matches.get(String((job.payload as { matchId?: unknown }).matchId));
    if (!match) return;
    // A programme that has since chosen to wait for the evaluation waits.
    const programme = await tx.programmes.get(match.programmeId);
    if (!programme || programme.settings.certificateWaitWorkingDays < 1) return;
    await this.issueIn(tx, match, 'fallback', this.clock.now().toISOString());
  };

  /** Render job, before its transaction: the PDF of the certificate as issued (undefined when it is gone or done). */
  readonly rendered = async (job: Job): Promise<Buffer | undefined> => {
    const id = String((job.payload as { certificateId?: unknown }).certificateId);
    const certificate = await this.store.inTenant(job.tenantId, (tx) => tx.certificates.get(id));
    if (!certificate || certificate.renderedAt) return undefined;
    return this.render(certificate.facts);
  };

  /** Render job, in its transaction: the PDF stored once, then the mentor's card and the mentee's record sent. */
  readonly stored = async (job: Job, tx: TenantTx, pdf: Buffer | undefined): Promise<void> => {
    const certificate = await tx.certificates.get(String((job.payload as { certificateId?: unknown }).certificateId));
    if (!certificate) return;
    const at = this.clock.now().toISOString();
    if (!certificate.renderedAt) {
      if (!pdf) throw new Error('the certificate was not rendered');
      await tx.certificates.setPdf(certificate.id, pdf, at);
    }
    for (const [person, view] of [
      [certificate.mentorPersonId, 'certificate'],
      [certificate.menteePersonId, 'participation'],
    ] as const) {
      await tx.outbox.enqueue(
        {
          dedupeKey: `certificate:${certificate.id}:${view}`,
          conversationKey: conversationKey.personal(person),
          kind: 'send',
          view,
          data: { certificateId: certificate.id },
        },
        this.ids.next(),
        at,
      );
    }
  };

  /** The certificate card for its mentor (a background delivery): undefined when it is not theirs or gone. */
  async viewFor(tenantId: string, certificateId: string): Promise<CertificateView | undefined> {
    const certificate = await this.store.inTenant(tenantId, (tx) => tx.certificates.get(certificateId));
    return certificate ? this.viewOf(certificate) : undefined;
  }

  /** The mentee's record of participation for a certificate's match. */
  async participationFor(tenantId: string, certificateId: string): Promise<ParticipationView | undefined> {
    const certificate = await this.store.inTenant(tenantId, (tx) => tx.certificates.get(certificateId));
    if (!certificate) return undefined;
    const f = certificate.facts;
    return {
      certificateId: certificate.id,
      programmeName: f.programmeName,
      mentorName: f.mentorName,
      periodStart: f.periodStart,
      periodEnd: f.periodEnd,
      sessions: f.sessions,
    };
  }

  /** The actor's own certificate, with a fresh link; another person's or another tenant's does not exist. */
  async view(actor: Actor, certificateId: string): Promise<CertificateView> {
    const certificate = await this.store.inTenant(actor.tenantId, (tx) => tx.certificates.get(certificateId));
    if (!certificate || certificate.mentorPersonId !== actor.personId)
      throw new ForbiddenError('That certificate is not one of yours. Type "my certificates" to see yours.');
    return this.viewOf(certificate);
  }

  /** "my certificates": a mentor's certificates, newest first, each with a fresh link. */
  async mine(actor: Actor): Promise<CertificateView[]> {
    const all = await this.store.inTenant(actor.tenantId, (tx) => tx.certificates.forMentor(actor.personId));
    return all.reverse().map((c) => this.viewOf(c));
  }

  /**
   * The PDF behind a verified link: only for the mentor it was issued to, and only once rendered. Checked on every
   * download, so a valid token for someone else's certificate grants nothing.
   */
  async pdfFor(
    tenantId: string,
    certificateId: string,
    personId: string,
  ): Promise<{ pdf: Buffer; facts: CertificateFacts } | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const certificate = await tx.certificates.get(certificateId);
      if (!certificate || certificate.mentorPersonId !== personId) return undefined;
      const pdf = await tx.certificates.pdf(certificate.id);
      return pdf ? { pdf, facts: certificate.facts } : undefined;
    });
  }

  /**
   * The public verification page's answer: programme, name, period and sessions of a genuine certificate, or
   * undefined. Every code that is not genuine (malformed, unknown, or pointing nowhere) takes the same path (one
   * digest, one directory lookup), so the answer and its timing do not tell them apart.
   */
  async verify(code: string): Promise<CertificateVerification | undefined> {
    const canonical = canonicalCode(code);
    const entry = await this.store.certificateCodes.find(
      codeDigest(canonical ?? `invalid:${String(code).slice(0, 64)}`),
    );
    if (!entry || !canonical) return undefined;
    const certificate = await this.store.inTenant(entry.tenantId, (tx) => tx.certificates.get(entry.certificateId));
    return certificate ? verificationOf(certificate.facts) : undefined;
  }

  private viewOf(certificate: CertificateRecord): CertificateView {
    const ready = certificate.renderedAt !== undefined;
    const downloadUrl = ready ? this.link(certificate, certificate.mentorPersonId) : undefined;
    return { certificate, ready, ...(downloadUrl ? { downloadUrl } : {}) };
  }

  /**
   * Who issues the certificate: the programme's longest-serving coordinator who is not one of the pair, so nobody
   * certifies their own mentoring.
   */
  private async issuer(tx: TenantTx, programme: Programme, match: Match): Promise<string> {
    const pair = new Set([match.mentorPersonId, match.menteePersonId]);
    const first = (await tx.coordinators.list(programme.id))
      .filter((c) => !pair.has(c.personId))
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.personId.localeCompare(b.personId))[0];
    const person = first ? await tx.people.get(first.personId) : undefined;
    return person?.name ?? `the ${programme.name} coordinators`;
  }
}

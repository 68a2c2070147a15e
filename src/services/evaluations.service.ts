import { ConflictError, ForbiddenError, NotFoundError, StaleError } from '../domain/errors';
import {
  EVALUATION_REMINDER_WORKING_DAYS,
  mentorFeedback,
  validateEvaluation,
  validateReflection,
  type EvaluationRecord,
  type MentorFeedback,
} from '../domain/evaluation';
import type { Match, MatchSide } from '../domain/match';
import type { Programme } from '../domain/programme';
import { addWorkingDays, londonInstant, type BankHolidays } from '../domain/working-days';
import { conversationKey, type Actor } from './actor';
import type { CertificatesService } from './certificates.service';
import type { JobRunner } from './job-runner';
import { applicationOf } from './match-pool';
import { nameOf } from './names';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

export const EVALUATION_JOBS = { reminder: 'evaluation.reminder' } as const;

/** What the end-of-match card shows one of the pair: the form, or (once sent) their own answers. */
export interface EvaluationView {
  matchId: string;
  role: MatchSide;
  otherName: string;
  programmeName: string;
  /** Their own answers, once sent (the mentee's evaluation or the mentor's reflection). */
  mine?: EvaluationRecord;
  alreadySent?: boolean;
}

/**
 * The end of a match (SPEC §3.5): when a match completes or ends, the mentee is asked for an evaluation and the
 * mentor for a reflection, with one reminder after 5 working days. Each person sees their own answers; a mentor
 * sees only averages over at least three of their mentees' evaluations; coordinators see all (in reports).
 */
export class EvaluationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
    private readonly certificates?: Pick<CertificatesService, 'issueIn' | 'scheduleFallbackIn'>,
  ) {}

  /**
   * In the caller's transaction (the one that ended or completed the match): both cards go out, and a reminder
   * is scheduled for whoever has not answered by then.
   */
  async askIn(tx: TenantTx, match: Match, programme: Programme, at: string): Promise<void> {
    for (const side of ['mentee', 'mentor'] as const) await this.send(tx, match, side, 'ask', at);
    const day = addWorkingDays(
      at,
      EVALUATION_REMINDER_WORKING_DAYS,
      programme.settings.bankHolidayNation,
      this.holidays,
    );
    await tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: EVALUATION_JOBS.reminder,
        dueAt: londonInstant(day.date, programme.settings.workingHours.start),
        payload: { matchId: match.id },
        dedupeKey: `match:${match.id}:evaluation-reminder`,
      },
      at,
    );
    await this.certificates?.scheduleFallbackIn(tx, match, programme, at);
  }

  /** The card for one of the pair: the form, or their answers once sent. */
  async view(actor: Actor, matchId: string): Promise<EvaluationView> {
    return this.store.inTenant(actor.tenantId, async (tx) =>
      this.viewIn(tx, await this.loadFor(tx, matchId, actor.personId), actor.personId),
    );
  }

  /** For a background delivery to one side. */
  async viewFor(tenantId: string, matchId: string, side: MatchSide): Promise<EvaluationView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      return match
        ? this.viewIn(tx, match, side === 'mentee' ? match.menteePersonId : match.mentorPersonId)
        : undefined;
    });
  }

  /**
   * One of the pair sends their answers: the mentee an evaluation, the mentor a reflection. Only once the match is
   * over; once per person; someone else's match or another tenant's does not exist. Audited without the answers.
   */
  async submit(actor: Actor, matchId: string, input: Record<string, unknown>): Promise<EvaluationView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const match = await this.loadFor(tx, matchId, actor.personId);
      if (match.status !== 'completed' && match.status !== 'ended')
        throw new StaleError('This match has not ended yet: the evaluation opens when it does.');
      const role: MatchSide = match.mentorPersonId === actor.personId ? 'mentor' : 'mentee';
      const existing = (await tx.evaluations.forMatch(match.id)).find((e) => e.role === role);
      if (existing) return { ...(await this.viewIn(tx, match, actor.personId)), alreadySent: true };
      const at = this.clock.now().toISOString();
      const record: EvaluationRecord = {
        tenantId: match.tenantId,
        id: this.ids.next(),
        programmeId: match.programmeId,
        matchId: match.id,
        role,
        personId: actor.personId,
        mentorPersonId: match.mentorPersonId,
        ...(role === 'mentee' ? { evaluation: validateEvaluation(input) } : { reflection: validateReflection(input) }),
        submittedAt: at,
      };
      try {
        await tx.evaluations.insert(record);
      } catch (e) {
        if (e instanceof ConflictError) return { ...(await this.viewIn(tx, match, actor.personId)), alreadySent: true };
        throw e;
      }
      await tx.audit.append({
        tenantId: match.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'match',
        entityId: match.id,
        action: role === 'mentee' ? 'evaluation' : 'reflection',
        detail: 'submitted',
      });
      // The mentee's evaluation is what the mentor's certificate waits for.
      if (role === 'mentee') await this.certificates?.issueIn(tx, match, 'evaluation', at);
      return this.viewIn(tx, match, actor.personId);
    });
  }

  /** A mentor's feedback: the averages of their mentees' ratings, only over enough answers (never one mentee's). */
  async feedback(actor: Actor): Promise<MentorFeedback> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const mentoring = (await tx.matches.listForPerson(actor.personId)).some(
        (m) => m.mentorPersonId === actor.personId,
      );
      if (!mentoring)
        throw new ForbiddenError(
          'Feedback is for mentors: it shows what your mentees said, averaged, once at least three have answered.',
        );
      return mentorFeedback(
        (await tx.evaluations.ratingsForMentor(actor.personId)).flatMap((e) => (e.evaluation ? [e.evaluation] : [])),
      );
    });
  }

  registerJobs(runner: JobRunner): void {
    runner.register(EVALUATION_JOBS.reminder, this.remind);
  }

  /** Job handler: one reminder to whoever of the pair has not answered yet. */
  readonly remind = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const match = await tx.matches.get(String((job.payload as { matchId: string }).matchId));
    if (!match || (match.status !== 'completed' && match.status !== 'ended')) return;
    const answered = new Set((await tx.evaluations.forMatch(match.id)).map((e) => e.role));
    const at = this.clock.now().toISOString();
    for (const side of ['mentee', 'mentor'] as const)
      if (!answered.has(side)) await this.send(tx, match, side, 'reminder', at);
  };

  private async send(tx: TenantTx, match: Match, side: MatchSide, why: 'ask' | 'reminder', at: string): Promise<void> {
    await tx.outbox.enqueue(
      {
        dedupeKey: `match:${match.id}:evaluation:${why}:${side}`,
        conversationKey: conversationKey.personal(side === 'mentee' ? match.menteePersonId : match.mentorPersonId),
        kind: 'send',
        view: 'evaluationForm',
        data: { matchId: match.id, side, reminder: why === 'reminder' },
      },
      this.ids.next(),
      at,
    );
  }

  private async viewIn(tx: TenantTx, match: Match, personId: string): Promise<EvaluationView> {
    const role: MatchSide = match.mentorPersonId === personId ? 'mentor' : 'mentee';
    const other = await applicationOf(tx, role === 'mentor' ? match.menteeApplicationId : match.mentorApplicationId);
    const programme = await tx.programmes.get(match.programmeId);
    const mine = (await tx.evaluations.forMatch(match.id)).find((e) => e.role === role);
    return {
      matchId: match.id,
      role,
      otherName: await nameOf(tx, other),
      programmeName: programme?.name ?? 'the programme',
      mine,
    };
  }

  private async loadFor(tx: TenantTx, matchId: string, personId: string): Promise<Match> {
    const match = await tx.matches.get(matchId);
    if (!match || (match.menteePersonId !== personId && match.mentorPersonId !== personId))
      throw new NotFoundError('That match does not exist in your organisation.');
    return match;
  }
}

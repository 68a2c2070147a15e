import { cycleDates } from '../domain/cycle';
import type { Match } from '../domain/match';
import type { Programme } from '../domain/programme';
import { londonInstant } from '../domain/working-days';
import type { IdGenerator, TenantTx } from './ports';

/** The jobs of a cycle (docs/cycles.md): run by CyclesService, scheduled wherever a match is agreed. */
export const CYCLE_JOBS = { notice: 'match.cycle-notice', end: 'match.cycle-end' } as const;

/**
 * In the transaction that agrees a match (or starts a new cycle): the week-before notice and the end of its cycle,
 * both at the start of working hours on their London day.
 */
export async function scheduleCycleIn(
  tx: TenantTx,
  ids: IdGenerator,
  match: Match,
  programme: Programme,
  at: string,
): Promise<void> {
  const { endDate, noticeDate } = cycleDates(match.respondedAt ?? at, programme.settings.cycleLengthWeeks);
  const start = programme.settings.workingHours.start;
  const payload = { matchId: match.id, endDate };
  if (noticeDate)
    await tx.jobs.schedule(
      {
        id: ids.next(),
        kind: CYCLE_JOBS.notice,
        dueAt: londonInstant(noticeDate, start),
        payload,
        dedupeKey: `match:${match.id}:cycle-notice`,
      },
      at,
    );
  await tx.jobs.schedule(
    {
      id: ids.next(),
      kind: CYCLE_JOBS.end,
      dueAt: londonInstant(endDate, start),
      payload,
      dedupeKey: `match:${match.id}:cycle-end`,
    },
    at,
  );
}

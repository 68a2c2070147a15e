import type { BankHolidays } from '../domain/working-days';
import { ApplicationsService } from './applications.service';
import { AutoMatchingService } from './auto-matching.service';
import { ConcernsService } from './concerns.service';
import { DirectoryService } from './directory.service';
import type { JobRunner } from './job-runner';
import type { CalendarPort } from './calendar.port';
import { MatchesService, type MeetingLink } from './matches.service';
import { EvaluationsService } from './evaluations.service';
import { CertificatesService, type CertificateLink, type CertificateRenderer } from './certificates.service';
import { MeetingsService } from './meetings.service';
import { SessionsService } from './sessions.service';
import { CyclesService } from './cycles.service';
import { WorkerMatchingSolver, type MatchingSolver } from './matching-solver';
import { MatchingService } from './matching.service';
import { MentorProfilesService } from './mentor-profiles.service';
import type { Programme, Tenant } from '../domain/programme';
import type { Clock, IdGenerator, Store } from './ports';
import { ProgrammesService } from './programmes.service';
import { ReportsService } from './reports.service';

/** Every use case, wired once over one store, clock and id source (the service and the tests build the same set). */
export interface Services {
  directory: DirectoryService;
  programmes: ProgrammesService;
  applications: ApplicationsService;
  matches: MatchesService;
  matching: MatchingService;
  autoMatching: AutoMatchingService;
  profiles: MentorProfilesService;
  concerns: ConcernsService;
  meetings: MeetingsService;
  sessions: SessionsService;
  evaluations: EvaluationsService;
  cycles: CyclesService;
  certificates: CertificatesService;
  reports: ReportsService;
  /** Registers every scheduled-job handler (reminders, expiries) with a runner. */
  registerJobs(runner: JobRunner): void;
}

/** What the composition may replace: the matching solver, the calendar, and how .ics links are signed. */
export interface ServiceOptions {
  solver?: MatchingSolver;
  /** Where meetings go: Microsoft Graph, or the offline calendar (events in our database). */
  calendar: CalendarPort;
  /** Where new meetings go when `calendar` refuses a tenant's mailboxes (the offline calendar, beside Graph). */
  fallbackCalendar?: CalendarPort;
  meetingLink?: MeetingLink;
  /** Renders a certificate's PDF (src/pdf); without it no certificate is rendered (seeding scripts). */
  certificateRenderer?: CertificateRenderer;
  /** Signs a certificate's download link for its mentor. */
  certificateLink?: CertificateLink;
  log?: (line: string) => void;
}

export function createServices(
  store: Store,
  clock: Clock,
  ids: IdGenerator,
  holidays: BankHolidays,
  options: ServiceOptions,
): Services {
  const solver = options.solver ?? new WorkerMatchingSolver();
  const calendar = options.calendar;
  const certificates = new CertificatesService(
    store,
    clock,
    ids,
    holidays,
    options.certificateRenderer ??
      (() => Promise.reject(new Error('No certificate renderer is configured in this process.'))),
    options.certificateLink,
  );
  const evaluations = new EvaluationsService(store, clock, ids, holidays, certificates);
  const matches = new MatchesService(store, clock, ids, holidays, options.meetingLink, evaluations);
  const sessions = new SessionsService(store, clock, ids, holidays, matches);
  const cycles = new CyclesService(store, clock, ids, matches);
  const reports = new ReportsService(store, clock, ids, holidays);
  return {
    directory: new DirectoryService(store, clock, ids),
    programmes: new ProgrammesService(store, clock, ids),
    applications: new ApplicationsService(store, clock, ids),
    matches,
    matching: new MatchingService(store, clock, ids, matches),
    autoMatching: new AutoMatchingService(store, clock, ids, matches, solver),
    profiles: new MentorProfilesService(store, clock),
    concerns: new ConcernsService(store, clock, ids),
    meetings: new MeetingsService(store, clock, ids, holidays, calendar, options.log, options.fallbackCalendar),
    sessions,
    evaluations,
    cycles,
    certificates,
    reports,
    registerJobs: (runner) => {
      matches.registerJobs(runner);
      sessions.registerJobs(runner);
      evaluations.registerJobs(runner);
      certificates.registerJobs(runner);
      cycles.registerJobs(runner);
      reports.registerJobs(runner);
    },
  };
}

/** The local demo: the Playground's tenant with one programme and its coordinator (`npm start`, e2e tests). */
export async function seedDemo(
  services: Services,
  demo: { tenantId: string; coordinatorId: string; coordinatorName: string },
): Promise<{ tenant: Tenant; programme: Programme }> {
  const tenant = await services.directory.tenantFor(demo.tenantId);
  const programme = await services.programmes.seedDemo(tenant.id, {
    personId: demo.coordinatorId,
    name: demo.coordinatorName,
  });
  return { tenant, programme };
}

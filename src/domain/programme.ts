/** UK nations whose bank holidays differ (SPEC §3.2). */
export type BankHolidayNation = 'england-and-wales' | 'scotland' | 'northern-ireland';

/** SPEC §7: the rules a programme runs by. Defaults in {@link DEFAULT_SETTINGS}. */
export interface ProgrammeSettings {
  matchingModes: { menteeChoice: boolean; automatic: boolean };
  responseDeadlineWorkingDays: number;
  bankHolidayNation: BankHolidayNation;
  reminderWorkingDays: number[];
  maxSessionsPerMatch: number;
  cycleLengthWeeks: number;
  mentorCapacity: { min: number; max: number };
  scoreWeights: {
    specialty: number;
    site: number;
    country: number;
    languages: number;
    topics: number;
    meetingPreference: number;
    careerStage: number;
  };
  /** Automatic matching never proposes a pair scoring under this (of 10,000, the score of a perfect pair). */
  minimumMatchScore: number;
  meetingLengthMinutes: number;
  workingHours: { start: string; end: string; timeZone: 'Europe/London' };
  dataRetentionMonths: number;
  /** Placement sites offered on the application form. */
  sites: string[];
  /** Signposting shown with concerns, e.g. occupational health, Freedom to Speak Up guardian. */
  signposting: { name: string; contact: string }[];
  /** Report breakdowns show a cell counting fewer people than this as "<n" (SPEC §3.7; docs/reports.md). */
  reportMinimumCellSize: number;
  /** When the weekly report digest goes to the coordinators, Europe/London wall-clock time. */
  reportDigest: { weekday: Weekday; time: string };
  /**
   * Working days after a match ends before the mentor's certificate is issued without the mentee's evaluation
   * (a mentor is not penalised for a silent mentee); 0 waits for the evaluation however long it takes.
   */
  certificateWaitWorkingDays: number;
  /** The organisation running the programme as certificates name it (e.g. "Leeds Teaching Hospitals NHS Trust"). */
  organisationName: string;
}

/** Days of the week, Monday first (ISO weekday 1–7 in this order). */
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

export const DEFAULT_SETTINGS: ProgrammeSettings = {
  matchingModes: { menteeChoice: true, automatic: true },
  responseDeadlineWorkingDays: 5,
  bankHolidayNation: 'england-and-wales',
  reminderWorkingDays: [2, 4],
  maxSessionsPerMatch: 4,
  cycleLengthWeeks: 4,
  mentorCapacity: { min: 1, max: 5 },
  scoreWeights: {
    specialty: 30,
    site: 15,
    country: 15,
    languages: 10,
    topics: 20,
    meetingPreference: 5,
    careerStage: 5,
  },
  minimumMatchScore: 2000,
  meetingLengthMinutes: 60,
  workingHours: { start: '09:00', end: '17:00', timeZone: 'Europe/London' },
  dataRetentionMonths: 24,
  sites: [],
  signposting: [],
  reportMinimumCellSize: 5,
  reportDigest: { weekday: 'monday', time: '09:00' },
  certificateWaitWorkingDays: 10,
  organisationName: '',
};

/** A tenant: one NHS organisation, keyed by Entra tenant id plus an optional organisation code (SPEC §2). */
export interface Tenant {
  id: string;
  entraTenantId: string;
  /** Empty unless several organisations share one Entra tenant (e.g. NHSmail). */
  orgCode: string;
  name: string;
  createdAt: string;
}

/** A mentoring programme within a tenant. */
export interface Programme {
  tenantId: string;
  id: string;
  name: string;
  settings: ProgrammeSettings;
  /** Conversation key of the coordinators' channel, when the app is installed in their team. */
  coordinatorChannelKey?: string;
  createdAt: string;
}

/** A person as the app knows them in one tenant: their Entra object id and display name. */
export interface Person {
  tenantId: string;
  /** Entra object id (aadObjectId in Teams activities). */
  id: string;
  name: string;
  email?: string;
  updatedAt: string;
}

/** A coordinator (supervisor) of a programme. */
export interface Coordinator {
  tenantId: string;
  programmeId: string;
  personId: string;
  addedBy: string;
  addedAt: string;
}

/**
 * The programme new applications go to and the welcome card names: the tenant's newest. (Choosing among
 * several open programmes is a later feature; until then the newest one is the open one.)
 */
export function currentProgramme(programmes: readonly Programme[]): Programme | undefined {
  return [...programmes].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))[0];
}

import type { Role } from '../../domain/application';
import type { FormInputId } from '../../domain/application-form';
import type { CommandId } from '../../domain/help-menu';

/** The data models of the card templates, one per view. All strings are display text unless noted. */

/** A `{ title, value }` pair for an `Input.ChoiceSet`. */
export interface ChoiceItem {
  title: string;
  value: string;
}

/** One problem with a form field, listed at the top of a form card. */
export interface FieldError {
  field: string;
  message: string;
}

/** Colour of a status line on a card: the domain's one definition. */
export type { StatusTone } from '../../domain/format';
import type { StatusTone } from '../../domain/format';

/** Colour of a notice title. */
export type NoticeTone = 'good' | 'attention' | 'warning' | 'default';

/** `welcome`: the first card in personal chat, and the answer to "help": what this person can do where they are. */
export interface WelcomeData {
  name: string;
  programmeName?: string;
  /** Most relevant first; each with its buttons (rows of at most five) and the words to type. */
  sections: {
    heading: string;
    text: string;
    /** Each button runs a command (verb help.run) and keeps the help card. */
    rows: { buttons: { title: string; command: CommandId }[] }[];
    /** "Type: **find a mentor** · **my matches**", or '' for none. */
    typed: string;
  }[];
  localMode: boolean;
}

/** `applicationForm`: a new application, or one being changed after a coordinator's question. */
export interface ApplicationFormData {
  role: Role;
  roleLabel: string;
  programmeId: string;
  programmeName: string;
  mode: 'new' | 'resubmit';
  /** Required when mode is 'resubmit'. */
  applicationId?: string;
  version?: number;
  /** Prefilled input values (card strings); missing ones start empty. */
  values: Partial<Record<FormInputId, string>>;
  choices: {
    grades: ChoiceItem[];
    specialties: ChoiceItem[];
    /** Empty: the site is a free-text input. */
    sites: ChoiceItem[];
    countries: ChoiceItem[];
    languages: ChoiceItem[];
    topics: ChoiceItem[];
    meetingPreferences: ChoiceItem[];
  };
  capacity: { min: number; max: number };
  errors: FieldError[];
  coordinatorQuestion?: string;
  /** Resubmission: the answer to the coordinator's question (an input, required), and its longest length. */
  answer?: string;
  answerMaxLength?: number;
  /** The paragraph above the consent box; an http(s) address instead becomes a sentence with a link to it. */
  privacyNotice: string;
  /** Today (YYYY-MM-DD, Europe/London): the latest NHS start date the date picker offers. */
  today?: string;
}

/** An application as display strings (labels, not codes), shared by the status and review cards. */
export interface ApplicationSummary {
  role: Role;
  roleLabel: string;
  programmeName: string;
  name: string;
  grade: string;
  specialty: string;
  site: string;
  qualificationCountry: string;
  nhsStartDate: string;
  languages: string;
  topics: string;
  goals: string;
  meetingPreference: string;
  capacity?: string;
  bio?: string;
  submittedAt: string;
}

/** `applicationStatus`: the applicant's own card, also sent as the outcome notification. */
export interface ApplicationStatusData {
  headline: string;
  statusLabel: string;
  statusTone: StatusTone;
  /** The coordinator's reason or question, or a notice about what just happened. */
  note?: string;
  summary: ApplicationSummary;
  canWithdraw: boolean;
  canEdit: boolean;
  applicationId: string;
  version: number;
  /** An approved mentee gets "Find a mentor"; an approved mentor "My profile". */
  canFindMentor?: boolean;
  canOpenProfile?: boolean;
  /** Set when another coordinator must be added before anyone can decide: offers "Coordinators" for this programme. */
  coordinatorsProgrammeId?: string;
}

/** `applicationReview`: each coordinator's copy of an application. */
export interface ApplicationReviewData {
  headline: string;
  summary: ApplicationSummary;
  applicantName: string;
  statusLabel: string;
  statusTone: StatusTone;
  /** Approve / Reject / Ask for more information are shown only when true. */
  actionable: boolean;
  /** e.g. "Approved by Dr A Khan on 3 Mar 2027, 14:05". */
  outcome?: string;
  /** e.g. "This was already approved by …" after a click on a stale copy. */
  notice?: string;
  /** After a resubmission: the question the coordinator asked and the applicant's answer. */
  question?: string;
  answer?: string;
  /** When the applicant is a coordinator: another coordinator must decide (and, if there is none, be added). */
  selfReview?: string;
  /** Set when another coordinator must be added first: offers "Coordinators" for this programme. */
  coordinatorsProgrammeId?: string;
  applicationId: string;
  version: number;
  /** Coordinators whose copies Teams refreshes automatically; only the first 60 are used. */
  refreshUserIds: string[];
}

/** `setupForm`: create a programme. */
export interface SetupFormData {
  programmeName: string;
  /** The organisation as certificates name it. */
  organisation: string;
  nation: string;
  nations: ChoiceItem[];
  /** One site per line. */
  sites: string;
  errors: FieldError[];
}

/** `coordinators`: who coordinates a programme, and adding one. */
export interface CoordinatorsData {
  programmeId: string;
  programmeName: string;
  coordinators: { name: string; personId: string }[];
  /** False while there is only one coordinator: a programme keeps at least one. */
  canRemove: boolean;
  /** People in the tenant who may be added (value is their person id). */
  candidates: ChoiceItem[];
  message?: string;
  messageStyle: 'good' | 'warning';
}

/** `notice`: a short message. */
export interface NoticeData {
  title: string;
  text: string;
  tone: NoticeTone;
}

/** `error`: something failed; nothing changed. */
export interface ErrorData {
  title: string;
  /** Colour of the title: Attention for a failure, Default for an ordinary state (nothing to do, a role limit, already done). */
  color: 'Attention' | 'Default';
  message: string;
  details: string[];
}

/** `mentorSuggestions`: suggested mentors for a mentee, best first, with filters and paging. */
export interface MentorSuggestionsData {
  headline: string;
  /** e.g. "12 mentors with a free place · page 1 of 3". */
  summary: string;
  notice?: string;
  /** Selected filter values ('any' for none). */
  filters: { specialty: string; site: string; country: string; language: string };
  /** Each list starts with an "Any …" choice whose value is 'any'. */
  choices: { specialties: ChoiceItem[]; sites: ChoiceItem[]; countries: ChoiceItem[]; languages: ChoiceItem[] };
  mentors: { mentorApplicationId: string; name: string; line: string; reasons: string; bio: string }[];
  /** Shown when `mentors` is empty: "try other filters" only when a filter is set. */
  emptyText: string;
  hasPrevious: boolean;
  hasNext: boolean;
  previousPage: number;
  nextPage: number;
}

/** `match`: a request or match as the mentor or the mentee sees it. */
export interface MatchData {
  headline: string;
  statusLabel: string;
  statusTone: StatusTone;
  /** "Please respond by Monday 8 March 2027" while it awaits an answer. */
  deadline?: string;
  note?: string;
  /** "Mentee" or "Mentor": the other person on the card. */
  otherRole: string;
  otherName: string;
  facts: { title: string; value: string }[];
  /** The mentee's goals, or the mentor's bio. */
  about?: string;
  reasons?: string;
  canRespond: boolean;
  /** "Decline request" or "Decline proposal". */
  declineTitle: string;
  canWithdraw: boolean;
  canFindAnother: boolean;
  matchId: string;
  version: number;
  /** Once agreed: the pair's home section (sessions, next meeting, what to do now). */
  home?: MatchHomeData;
}

/** The home section of an agreed match's card. */
export interface MatchHomeData {
  /** "Session 2 of 4 next" or "All 4 sessions logged". */
  sessionLine: string;
  lastSessionLine?: string;
  meetingLine?: string;
  homeNote?: string;
  joinUrl?: string;
  chatUrl?: string;
  icsUrl?: string;
  canSchedule: boolean;
  canMove: boolean;
  meetingId?: string;
  meetingVersion?: number;
  canLog: boolean;
  canAddNotes: boolean;
  latestSessionId?: string;
  canEnd: boolean;
  /** Once over: the mentee's evaluation or the mentor's reflection. */
  canEvaluate: boolean;
  evaluateTitle?: string;
  /** What ending means for the viewer (the mentee goes back to choosing; the mentor's place is freed). */
  endNote?: string;
}

/** `meetingOffer`: free times for the pair, to book a meeting or move one. */
export interface MeetingOfferData {
  headline: string;
  intro: string;
  notice?: string;
  emptyText: string;
  slots: { label: string; start: string }[];
  defaultMode: 'virtual' | 'in-person';
  location?: string;
  matchId: string;
  meetingId?: string;
  meetingVersion?: number;
}

/** `sessionForm`: the mentor logs a session. */
export interface SessionFormData {
  headline: string;
  sessionLine: string;
  notice?: string;
  today: string;
  values: {
    heldOn: string;
    durationMinutes: string;
    mode: string;
    topics: string;
    actionPoints: string;
    mentorNotes: string;
  };
  modes: ChoiceItem[];
  topics: ChoiceItem[];
  matchId: string;
  meetingId?: string;
  formId: string;
}

/** `session`: a logged session as one of the pair sees it. */
export interface SessionData {
  headline: string;
  sessionLine: string;
  notice?: string;
  facts: { title: string; value: string }[];
  actionPoints?: string;
  mentorNotes?: string;
  menteeNotes?: string;
  menteeNotesTitle: string;
  canEditNotes: boolean;
  notesButton: string;
  notesValue: string;
  sharedValue: 'true' | 'false';
  sessionId: string;
  version: number;
  matchId: string;
}

/** `endMatch`: a coordinator ends a pair's match (no-fault), with a reason for coordinators. */
export interface EndMatchData {
  headline: string;
  notice?: string;
  text: string;
  canEnd: boolean;
  matchId: string;
  version: number;
}

/** `evaluationForm`: the mentee's evaluation or the mentor's reflection at a match's end; once sent, their own answers. */
export interface EvaluationFormData {
  headline: string;
  intro: string;
  notice?: string;
  isMentee: boolean;
  sent: boolean;
  /** Their own answers once sent (each person sees only their own). */
  answers: { title: string; value: string }[];
  ratings: { id: string; title: string; value: string }[];
  questions: { id: string; title: string; value: string }[];
  values: { helped: string; better: string; nameOnCertificate: 'true' | 'false' };
  submitTitle: string;
  matchId: string;
}

/** `sessionPick`: a mentor with several matches chooses which one a session is for. */
export interface SessionPickData {
  matches: { title: string; matchId: string }[];
}

/** `mentorProfile`: a mentor's own profile, editable, with pause and resume. */
export interface MentorProfileData {
  headline: string;
  statusLabel: string;
  statusTone: StatusTone;
  placesLabel: string;
  notice?: string;
  errors: FieldError[];
  facts: { title: string; value: string }[];
  values: { bio: string; capacity: string; topics: string; meetingPreference: string };
  capacity: { min: number; max: number };
  choices: { topics: ChoiceItem[]; meetingPreferences: ChoiceItem[] };
  paused: boolean;
  applicationId: string;
  version: number;
}

/** `matchingProposal`: an automatic matching run as coordinators review, publish or discard it. */
export interface MatchingProposalData {
  headline: string;
  statusLabel: string;
  statusTone: StatusTone;
  /** e.g. "12 of 15 mentees matched · 9 mentors, 14 free places". */
  summary: string;
  notice?: string;
  /** e.g. "Proposed pairs 1–10 of 12, best first". */
  pairsHeading: string;
  /** This page's kept pairs; score as "78/100". */
  pairs: { menteeApplicationId: string; menteeName: string; mentorName: string; score: string; reasons: string }[];
  /** Removed pairs; a barred one cannot be put back. */
  removed: { menteeApplicationId: string; menteeName: string; mentorName: string; barred: boolean }[];
  skipped: { menteeName: string; mentorName: string; reason: string }[];
  unmatchedHeading: string;
  unmatched: { name: string; reason: string }[];
  /** "…and 12 more" when the list was cut to keep the card small. */
  unmatchedMore?: string;
  canEdit: boolean;
  canPublish: boolean;
  publishTitle: string;
  publishConfirm: string;
  runId: string;
  version: number;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previousPage: number;
  nextPage: number;
}

/** `programmeMatches`: coordinators' overview of a programme's requests and matches, newest first. */
export interface ProgrammeMatchesData {
  headline: string;
  /** Counts by status, or that there are no requests or matches yet (said only here). */
  summary: string;
  items: {
    title: string;
    status: string;
    tone: StatusTone;
    detail: string;
    reason?: string;
    matchId: string;
    canEnd: boolean;
  }[];
  hasPrevious: boolean;
  hasNext: boolean;
  previousPage: number;
  nextPage: number;
}

/** `pendingApplications`: a coordinator's list of applications waiting for a decision or an answer, oldest first. */
export interface PendingApplicationsData {
  /** e.g. "3 waiting for a decision, 1 for the applicant's answer · oldest first". */
  summary: string;
  /** name · role, status and how long it has waited; each opens the review card as a new message. */
  items: { applicationId: string; name: string; title: string; detail: string; note?: string }[];
  /** "…and 12 more" when the list was cut to keep the card small. */
  more?: string;
}

/** `reports`: a programme's report summary, on request or as the weekly digest. Figures are already suppressed. */
export interface ReportsData {
  headline: string;
  /** When the figures were counted. */
  subtitle: string;
  sections: { title: string; facts: { title: string; value: string }[] }[];
  /** Breakdowns by a form field, each row people by role ("<5" for a withheld figure); the last row is the total. */
  breakdowns: {
    title: string;
    labelHeading: string;
    rows: { label: string; mentees: string; mentors: string; all: string }[];
    more?: string;
  }[];
  /** How small numbers are shown, and what is not recorded yet. */
  footnote: string;
  /** A deep link to the Reports tab; absent while the app has no Teams app id. */
  tabUrl?: string;
}

/** View name → data model. */
export interface CardViews {
  pendingApplications: PendingApplicationsData;
  welcome: WelcomeData;
  applicationForm: ApplicationFormData;
  applicationStatus: ApplicationStatusData;
  applicationReview: ApplicationReviewData;
  setupForm: SetupFormData;
  coordinators: CoordinatorsData;
  notice: NoticeData;
  error: ErrorData;
  mentorSuggestions: MentorSuggestionsData;
  match: MatchData;
  mentorProfile: MentorProfileData;
  matchingProposal: MatchingProposalData;
  programmeMatches: ProgrammeMatchesData;
  concernForm: ConcernFormData;
  concern: ConcernData;
  signpostingForm: SignpostingFormData;
  meetingOffer: MeetingOfferData;
  sessionForm: SessionFormData;
  session: SessionData;
  sessionPick: SessionPickData;
  reports: ReportsData;
  endMatch: EndMatchData;
  evaluationForm: EvaluationFormData;
  certificates: CertificatesData;
  nextChoice: NextChoiceData;
}

/** `nextChoice`: at the end of a cycle, what one of the pair wants next; their choice once made. */
export interface NextChoiceData {
  headline: string;
  text: string;
  notice?: string;
  /** Their choice in words, once made. */
  chosen?: string;
  /** The buttons, until they have chosen. */
  choices: { title: string; value: string }[];
  matchId: string;
}

/** `certificates`: a mentor's certificates (each with its facts and download link), or a mentee's record of participation. */
export interface CertificatesData {
  headline: string;
  intro?: string;
  notice?: string;
  items: {
    title: string;
    facts: { title: string; value: string }[];
    /** The signed download link, when the PDF is ready and the service has a public address. */
    downloadUrl?: string;
    /** The PDF is still being rendered. */
    preparing: boolean;
    /** A fresh link can be asked for (the mentor's own certificate). */
    canRefresh: boolean;
    /** Shown in the "my certificates" list: a fresh link keeps the list. */
    listed?: boolean;
    certificateId: string;
  }[];
}

/** `concernForm`: a participant raises a concern (programme, category, their matches, signposting). */
export interface ConcernFormData {
  /** New for each form shown: one form raises at most one concern, however often it is sent. */
  formId: string;
  programmeName: string;
  notice?: string;
  categories: { title: string; value: string }[];
  /** The person's matches, after a "not about a match" choice; empty hides the question. */
  matchChoices: { title: string; value: string }[];
  values: { category: string; matchId: string; text: string; mayContact: string };
  signposts: { title: string; value: string }[];
}

/** `concern`: a concern as its raiser or the coordinators see it. */
export interface ConcernData {
  headline: string;
  /** Urgent for an open concern on the coordinators' card. */
  urgent: boolean;
  statusLabel: string;
  statusTone: StatusTone;
  notice?: string;
  noticeTone: 'good' | 'attention' | 'warning' | 'default';
  facts: { title: string; value: string }[];
  text: string;
  /** Coordinators only. */
  closeNote?: string;
  signpostHeading: string;
  signposts: { title: string; value: string }[];
  canAcknowledge: boolean;
  canClose: boolean;
  concernId: string;
  version: number;
}

/** `signpostingForm`: coordinators edit the places to turn shown with every concern. */
export interface SignpostingFormData {
  notice?: string;
  noticeTone: 'good' | 'attention' | 'default';
  errors: { message: string }[];
  /** Always as many rows as a tenant may list, blank ones to fill in. */
  rows: { name: string; purpose: string; contact: string }[];
  version: number;
}

/** One view name. */
export type CardView = keyof CardViews;

/** An Adaptive Card as JSON, ready to put in an attachment or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown>;

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_INPUT_IDS, FORM_LIMITS } from '../../src/domain/application-form';
import { COUNTRIES, GRADES, LANGUAGES, MEETING_PREFERENCES, SPECIALTIES, TOPICS } from '../../src/domain/catalogue';
import { ConflictError, ForbiddenError, NothingToDoError, StaleError, ValidationError } from '../../src/domain/errors';
import { DEFAULT_SETTINGS } from '../../src/domain/programme';
import { buildReport } from '../../src/domain/report-model';
import { reportsData } from '../../src/teams/report-presenters';
import { ALL_VERBS, MAX_REFRESH_USERS, NOTE_MAX_LENGTH, VERBS } from '../../src/teams/cards/verbs';
import { failureCard, logError, setErrorLogger } from '../../src/teams/respond';
import {
  CARD_VIEWS,
  isCardView,
  renderCard,
  type ApplicationFormData,
  type ApplicationReviewData,
  type ApplicationStatusData,
  type ApplicationSummary,
  type CardView,
  type CardViews,
  type MatchingProposalData,
} from '../../src/teams/cards/views';

// Microsoft's own renderer/parser, run in Node: the closest thing to Teams we have here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

type Json = Record<string, any>;

const CARDS_DIR = join(__dirname, '../../src/teams/cards');
const MAX_CARD_BYTES = 80 * 1024;

/** Parse and validation events from Microsoft's parser, as "EventName: message". */
function lint(card: Json): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents)
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  return events;
}

/** Every object in a card, depth first (body, columns, ShowCard cards, refresh…). */
function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

function all(card: Json, predicate: (o: Json) => boolean): Json[] {
  const found: Json[] = [];
  walk(card, (o) => predicate(o) && found.push(o));
  return found;
}

const actions = (card: Json, type = 'Action.Execute') => all(card, (o) => o.type === type);
const inputs = (card: Json) => all(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
const input = (card: Json, id: string) => inputs(card).find((i) => i.id === id);
const topActions = (card: Json) => (card.actions ?? []) as Json[];
const texts = (card: Json) => all(card, (o) => o.type === 'TextBlock').map((t) => t.text as string);

/** The checks every rendered card must pass. */
function assertWellFormed(card: Json, label: string): void {
  assert.deepEqual(lint(card), [], `${label}: parser events`);
  assert.equal(card.type, 'AdaptiveCard', label);
  assert.ok(card.$schema, `${label}: $schema`);
  assert.ok(
    AC.Version.parse(card.version, new AC.SerializationContext()).compareTo(AC.Versions.v1_5) <= 0,
    `${label}: version ≤ 1.5`,
  );
  const json = JSON.stringify(card);
  assert.ok(Buffer.byteLength(json) < MAX_CARD_BYTES, `${label}: ${Buffer.byteLength(json)} bytes`);
  assert.ok(!json.includes('${'), `${label}: unexpanded template expression`);
  assert.equal(actions(card, 'Action.Submit').length, 0, `${label}: Action.Submit`);
  for (const a of actions(card)) {
    assert.ok((ALL_VERBS as readonly string[]).includes(a.verb), `${label}: unknown verb ${a.verb}`);
    assert.ok(a.data && typeof a.data === 'object', `${label}: ${a.verb} has fixed data`);
  }
  const ids = inputs(card).map((i) => i.id);
  for (const i of inputs(card)) {
    if (i.isRequired) {
      assert.ok(i.label, `${label}: ${i.id} has a label`);
      assert.ok(i.errorMessage, `${label}: ${i.id} has an error message`);
    }
  }
  assert.equal(new Set(ids).size, ids.length, `${label}: duplicate input ids`);
  if (card.refresh) assert.ok(card.refresh.userIds.length <= MAX_REFRESH_USERS, `${label}: refresh.userIds`);
  for (const t of all(card, (o) => o.type === 'TextBlock'))
    assert.equal(t.wrap, true, `${label}: TextBlock "${String(t.text).slice(0, 30)}" wraps`);
}

// ---- sample data -----------------------------------------------------------------------------------

const long = (n: number, word = 'word ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);
const guid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function summary(role: 'mentee' | 'mentor', longest = false): ApplicationSummary {
  return {
    role,
    roleLabel: role === 'mentor' ? 'Mentor' : 'Mentee',
    programmeName: longest ? long(100) : 'IMG Peer Mentoring 2027',
    name: longest ? long(FORM_LIMITS.name, 'N') : 'Dr Amara Okafor',
    grade: 'Foundation Year 2 (FY2)',
    specialty: 'Psychiatry',
    site: longest ? long(FORM_LIMITS.site) : 'Leeds General Infirmary',
    qualificationCountry: 'Nigeria',
    nhsStartDate: 'Wednesday 6 August 2025',
    languages: longest
      ? LANGUAGES.slice(0, 8)
          .map((l) => l.title)
          .join(', ')
      : 'English, Yoruba and Igbo',
    topics: longest ? TOPICS.map((t) => t.title).join(', ') : 'Exams and portfolio/ARCP and Culture and life in the UK',
    goals: longest ? long(FORM_LIMITS.goals) : 'Preparing for MRCPsych and settling in Leeds with my family.',
    meetingPreference: 'Either',
    capacity: role === 'mentor' ? '3' : undefined,
    bio:
      role === 'mentor'
        ? longest
          ? long(FORM_LIMITS.bio)
          : 'ST4 psychiatry, qualified in Lagos, in the NHS since 2019.'
        : undefined,
    submittedAt: '3 Mar 2027, 14:05',
  };
}

function formData(over: Partial<ApplicationFormData> = {}): ApplicationFormData {
  return {
    role: 'mentee',
    roleLabel: 'Mentee',
    programmeId: 'prog-1',
    programmeName: 'IMG Peer Mentoring 2027',
    mode: 'new',
    values: { name: 'Dr Amara Okafor' },
    choices: {
      grades: GRADES.map(({ title, value }) => ({ title, value })),
      specialties: [...SPECIALTIES],
      sites: [
        { title: 'Leeds General Infirmary', value: 'Leeds General Infirmary' },
        { title: "St James's University Hospital", value: "St James's University Hospital" },
      ],
      countries: COUNTRIES.map(({ title, value }) => ({ title, value })),
      languages: [...LANGUAGES],
      topics: [...TOPICS],
      meetingPreferences: MEETING_PREFERENCES.map(({ title, value }) => ({ title, value })),
    },
    capacity: { min: 1, max: 5 },
    errors: [],
    privacyNotice:
      'Your answers are shared with the programme coordinators to review your application and to suggest matches.',
    ...over,
  };
}

const fullValues = {
  name: 'Dr Samir Haddad',
  grade: 'st3-plus',
  specialty: 'psychiatry',
  site: 'Leeds General Infirmary',
  qualificationCountry: 'EG',
  nhsStartDate: '2019-08-07',
  languages: 'en,ar',
  topics: 'exams-portfolio,wellbeing',
  goals: 'Exams and wellbeing.',
  meetingPreference: 'virtual',
  capacity: '2',
  bio: 'Registrar.',
  eligibilityConfirmed: 'true',
  privacyConsent: 'true',
};

function statusData(over: Partial<ApplicationStatusData> = {}): ApplicationStatusData {
  return {
    headline: 'Your mentee application',
    statusLabel: 'Awaiting review',
    statusTone: 'accent',
    summary: summary('mentee'),
    canWithdraw: true,
    canEdit: false,
    applicationId: 'app-1',
    version: 1,
    ...over,
  };
}

function reviewData(over: Partial<ApplicationReviewData> = {}): ApplicationReviewData {
  return {
    headline: 'New mentee application: Dr Amara Okafor',
    summary: summary('mentee'),
    applicantName: 'Dr Amara Okafor',
    statusLabel: 'Awaiting review',
    statusTone: 'accent',
    actionable: true,
    applicationId: 'app-1',
    version: 1,
    refreshUserIds: [guid(1), guid(2)],
    ...over,
  };
}

function proposalData(over: Partial<MatchingProposalData> = {}): MatchingProposalData {
  return {
    headline: 'Automatic matching: IMG Peer Mentoring 2027',
    statusLabel: 'Draft: not published, nobody has been told',
    statusTone: 'warning',
    summary:
      '2 of 3 unmatched mentees matched · 2 mentors with 3 free places · certified the best possible for the whole pool',
    pairsHeading: 'Proposed pairs, best first',
    pairs: [
      {
        menteeApplicationId: guid(1),
        menteeName: 'Dr Rahul Menon',
        mentorName: 'Dr Samir Haddad',
        score: '81/100',
        reasons: 'same specialty: Psychiatry · same site',
      },
    ],
    removed: [
      { menteeApplicationId: guid(2), menteeName: 'Dr B', mentorName: 'Dr C', barred: false },
      { menteeApplicationId: guid(3), menteeName: 'Dr E', mentorName: 'Dr F', barred: true },
    ],
    skipped: [],
    unmatchedHeading: 'Not matched (1)',
    unmatched: [{ name: 'Dr D', reason: 'every mentor who would suit is already at capacity' }],
    canEdit: true,
    canPublish: true,
    publishTitle: 'Publish 1 pair',
    publishConfirm: 'Send 1 proposal?',
    runId: guid(9),
    version: 1,
    page: 1,
    hasPrevious: false,
    hasNext: false,
    previousPage: 1,
    nextPage: 1,
    ...over,
  };
}

/** Several realistic variants of every view, including the longest text the form allows. */
const SAMPLES: { [V in CardView]: [string, CardViews[V]][] } = {
  welcome: [
    [
      'participant',
      {
        name: 'Dr Amara Okafor',
        programmeName: 'IMG Peer Mentoring 2027',
        localMode: false,
        sections: [
          {
            heading: 'Join the programme',
            text: 'Apply as a mentee or as a mentor.',
            rows: [
              {
                buttons: [
                  { title: 'Apply as mentee', command: 'apply-mentee' },
                  { title: 'Apply as mentor', command: 'apply-mentor' },
                ],
              },
            ],
            typed: 'Type: **apply as mentee** · **apply as mentor**',
          },
        ],
      },
    ],
    [
      'coordinator, local',
      {
        name: 'Dr A Khan',
        programmeName: 'IMG Peer Mentoring 2027',
        localMode: true,
        sections: [
          {
            heading: 'For coordinators',
            text: 'Decide applications, run matching.',
            typed: 'Type: **pending** · **run matching**',
            rows: [
              {
                buttons: [
                  { title: 'Pending applications', command: 'pending' },
                  { title: 'Run matching', command: 'run-matching' },
                  { title: 'All matches', command: 'matches' },
                  { title: 'Coordinators', command: 'coordinators' },
                  { title: 'Undelivered messages', command: 'undelivered' },
                ],
              },
              { buttons: [{ title: 'Signposting', command: 'signposting' }] },
            ],
          },
          { heading: 'Also', text: '', rows: [], typed: 'Type: **reports**' },
        ],
      },
    ],
    [
      'needs setup',
      {
        name: 'Dr A Khan',
        localMode: false,
        sections: [
          {
            heading: 'Set up your programme',
            text: 'Set it up now.',
            rows: [{ buttons: [{ title: 'Set up a programme', command: 'setup' }] }],
            typed: 'Type: **setup**',
          },
        ],
      },
    ],
  ],
  applicationForm: [
    ['new mentee', formData()],
    ['new mentor', formData({ role: 'mentor', roleLabel: 'Mentor', values: fullValues, today: '2027-03-03' })],
    ['free-text site', formData({ choices: { ...formData().choices, sites: [] } })],
    [
      'with every error',
      formData({
        values: fullValues,
        errors: FORM_INPUT_IDS.map((field) => ({ field, message: `Problem with ${field}.` })),
      }),
    ],
    [
      'resubmit with question',
      formData({
        role: 'mentor',
        roleLabel: 'Mentor',
        mode: 'resubmit',
        applicationId: 'app-1',
        version: 2,
        values: fullValues,
        coordinatorQuestion: long(NOTE_MAX_LENGTH),
      }),
    ],
    [
      'resubmit with the longest answer',
      formData({
        mode: 'resubmit',
        applicationId: 'app-1',
        version: 2,
        values: fullValues,
        coordinatorQuestion: long(NOTE_MAX_LENGTH),
        answer: long(1000),
        answerMaxLength: 1000,
      }),
    ],
    [
      'longest',
      formData({
        role: 'mentor',
        roleLabel: 'Mentor',
        programmeName: long(100),
        privacyNotice: long(2000),
        values: {
          ...fullValues,
          name: long(FORM_LIMITS.name, 'N'),
          goals: long(FORM_LIMITS.goals),
          bio: long(FORM_LIMITS.bio),
        },
        choices: {
          ...formData().choices,
          sites: Array.from({ length: 60 }, (_, i) => ({ title: `${long(90)} ${i}`, value: `${long(90)} ${i}` })),
        },
        errors: FORM_INPUT_IDS.map((field) => ({ field, message: long(120) })),
        coordinatorQuestion: long(NOTE_MAX_LENGTH),
      }),
    ],
  ],
  applicationStatus: [
    ['submitted mentee', statusData()],
    [
      'info requested mentor',
      statusData({
        statusLabel: 'More information needed',
        statusTone: 'warning',
        note: 'Which site will you be at from August?',
        summary: summary('mentor'),
        canEdit: true,
        version: 2,
      }),
    ],
    [
      'rejected, final',
      statusData({
        statusLabel: 'Not approved',
        statusTone: 'attention',
        note: 'Qualification is from the UK.',
        canWithdraw: false,
        version: 2,
      }),
    ],
    [
      'approved, longest',
      statusData({
        statusLabel: 'Approved',
        statusTone: 'good',
        note: long(NOTE_MAX_LENGTH),
        summary: summary('mentor', true),
        version: 2,
      }),
    ],
  ],
  applicationReview: [
    ['actionable mentee', reviewData()],
    [
      'actionable mentor',
      reviewData({
        summary: summary('mentor'),
        headline: 'New mentor application: Dr Samir Haddad',
        applicantName: 'Dr Samir Haddad',
      }),
    ],
    [
      'decided',
      reviewData({
        actionable: false,
        statusLabel: 'Approved',
        statusTone: 'good',
        outcome: 'Approved by Dr A Khan on 3 Mar 2027, 14:05',
        version: 2,
      }),
    ],
    [
      'stale click',
      reviewData({
        actionable: false,
        statusLabel: 'Not approved',
        statusTone: 'attention',
        outcome: 'Not approved by Dr A Khan on 3 Mar 2027, 14:05',
        notice: 'This application was already rejected by Dr A Khan.',
        version: 2,
      }),
    ],
    [
      'longest, 60 coordinators',
      reviewData({
        summary: summary('mentor', true),
        applicantName: long(FORM_LIMITS.name, 'N'),
        headline: `New mentor application: ${long(FORM_LIMITS.name, 'N')}`,
        notice: long(300),
        outcome: long(NOTE_MAX_LENGTH + 80),
        refreshUserIds: Array.from({ length: 60 }, (_, i) => guid(i)),
      }),
    ],
    [
      'resubmitted with an answer, own application',
      reviewData({
        headline: 'Resubmitted mentee application: Dr A',
        question: long(NOTE_MAX_LENGTH),
        answer: long(1000),
        selfReview: long(300),
        coordinatorsProgrammeId: 'prog-1',
      }),
    ],
  ],
  setupForm: [
    [
      'empty',
      {
        programmeName: '',
        organisation: '',
        nation: 'england-and-wales',
        nations: [
          { title: 'England and Wales', value: 'england-and-wales' },
          { title: 'Scotland', value: 'scotland' },
          { title: 'Northern Ireland', value: 'northern-ireland' },
        ],
        sites: '',
        errors: [],
      },
    ],
    [
      'with errors',
      {
        programmeName: 'x',
        organisation: long(120, 'O'),
        nation: 'scotland',
        nations: [{ title: 'Scotland', value: 'scotland' }],
        sites: 'Ninewells\nPerth Royal',
        errors: [{ field: 'programmeName', message: 'Enter a programme name.' }],
      },
    ],
  ],
  coordinators: [
    [
      'with candidates',
      {
        programmeId: 'prog-1',
        programmeName: 'IMG Peer Mentoring 2027',
        coordinators: [
          { name: 'Dr A Khan', personId: guid(1) },
          { name: 'Ms B Jones', personId: guid(2) },
        ],
        canRemove: true,
        candidates: [{ title: 'Dr C Patel', value: guid(3) }],
        message: 'Ms B Jones is now a coordinator.',
        messageStyle: 'good',
      },
    ],
    [
      'one coordinator, a refusal',
      {
        programmeId: 'prog-1',
        programmeName: 'IMG Peer Mentoring 2027',
        coordinators: [{ name: 'Dr A Khan', personId: guid(1) }],
        canRemove: false,
        candidates: [],
        message: 'A programme needs at least one coordinator.',
        messageStyle: 'warning',
      },
    ],
    [
      'nobody to add',
      {
        programmeId: 'prog-1',
        programmeName: 'IMG Peer Mentoring 2027',
        coordinators: [],
        canRemove: false,
        candidates: [],
        messageStyle: 'good',
      },
    ],
  ],
  pendingApplications: [
    [
      'two waiting',
      {
        summary: '1 waiting for a decision, 1 waiting for the applicant’s answer · oldest first',
        items: [
          {
            applicationId: guid(4),
            name: 'Dr R Menon',
            title: 'Dr R Menon · mentee',
            detail: 'Submitted Monday 1 March 2027, 10:00 · waiting 3 days for a decision',
          },
          {
            applicationId: guid(5),
            name: 'Dr A Khan',
            title: 'Dr A Khan · mentor',
            detail: 'Question sent · waiting 1 day',
            note: 'Their own application: another coordinator must be added to decide it.',
          },
        ],
      },
    ],
    [
      'longest',
      {
        summary: '25 waiting',
        items: Array.from({ length: 25 }, (_, i) => ({
          applicationId: guid(i),
          name: long(FORM_LIMITS.name, 'N'),
          title: `${long(FORM_LIMITS.name, 'N')} · mentor`,
          detail: long(120),
          note: long(90),
        })),
        more: '…and 40 more, newer than these.',
      },
    ],
  ],
  notice: [
    ['good', { title: 'Programme created', text: 'You are its first coordinator.', tone: 'good' }],
    ['default', { title: 'No applications yet', text: 'Use "Apply as mentee" on the welcome card.', tone: 'default' }],
    ['warning', { title: 'No programme yet', text: 'Ask a coordinator.', tone: 'warning' }],
    ['attention', { title: 'Stop', text: 'Not allowed.', tone: 'attention' }],
  ],
  error: [
    [
      'with details',
      {
        title: 'That did not work',
        color: 'Attention',
        message: 'Please correct 2 answers on the form.',
        details: ['name: Your name is required.', 'topics: Choose at least one topic.'],
      },
    ],
    [
      'no details',
      { title: 'Not found', color: 'Attention', message: 'That application does not exist.', details: [] },
    ],
    [
      'nothing to do',
      {
        title: 'Nothing to do yet',
        color: 'Default',
        message: 'There are no approved mentees without a mentor or a pending request, so there is nobody to match.',
        details: [],
      },
    ],
  ],
  mentorSuggestions: [
    [
      'two mentors, more pages',
      {
        headline: 'Suggested mentors',
        summary: '7 mentors with a free place · page 1 of 2',
        filters: { specialty: 'psychiatry', site: 'any', country: 'any', language: 'any' },
        choices: {
          specialties: [
            { title: 'Any specialty', value: 'any' },
            { title: 'Psychiatry', value: 'psychiatry' },
          ],
          sites: [{ title: 'Any site', value: 'any' }],
          countries: [{ title: 'Any country', value: 'any' }],
          languages: [{ title: 'Any language', value: 'any' }],
        },
        mentors: [
          {
            mentorApplicationId: guid(1),
            name: 'Dr A Khan',
            line: 'ST4 · Psychiatry · Royal Infirmary',
            reasons: 'same specialty: Psychiatry · same site',
            bio: 'Happy to help with MRCPsych.',
          },
          {
            mentorApplicationId: guid(2),
            name: 'Dr B [x](https://evil)',
            line: 'CT3 · Psychiatry · General Hospital',
            reasons: 'same specialty: Psychiatry',
            bio: '',
          },
        ],
        emptyText:
          'No mentor with a free place matches these filters right now. Try other filters, or look again later.',
        hasPrevious: false,
        hasNext: true,
        previousPage: 1,
        nextPage: 2,
      },
    ],
    [
      'none, with a notice',
      {
        headline: 'Suggested mentors',
        summary: '0 mentors with a free place · page 1 of 1',
        notice: 'This mentor has no free places at the moment.',
        filters: { specialty: 'any', site: 'any', country: 'any', language: 'any' },
        choices: {
          specialties: [{ title: 'Any specialty', value: 'any' }],
          sites: [{ title: 'Any site', value: 'any' }],
          countries: [{ title: 'Any country', value: 'any' }],
          languages: [{ title: 'Any language', value: 'any' }],
        },
        mentors: [],
        emptyText:
          'No mentor you can request has a free place right now. Look again later, or ask your programme coordinators.',
        hasPrevious: true,
        hasNext: false,
        previousPage: 1,
        nextPage: 1,
      },
    ],
  ],
  match: [
    [
      'mentor, awaiting answer',
      {
        headline: 'Mentoring request from Dr Rahul Menon',
        statusLabel: 'Waiting for your answer',
        statusTone: 'warning',
        deadline: 'Please respond by Monday 8 March 2027',
        otherRole: 'Mentee',
        otherName: 'Dr Rahul Menon',
        facts: [{ title: 'Specialty', value: 'Psychiatry' }],
        about: 'MRCPsych Paper A.',
        reasons: 'same site',
        canRespond: true,
        declineTitle: 'Decline request',
        canWithdraw: false,
        canFindAnother: false,
        matchId: guid(4),
        version: 1,
      },
    ],
    [
      'mentee, declined',
      {
        headline: 'Dr A Khan could not take your request',
        statusLabel: 'Declined',
        statusTone: 'attention',
        note: 'Answered on 3 Mar 2027, 14:05',
        otherRole: 'Mentor',
        otherName: 'Dr A Khan',
        facts: [],
        canRespond: false,
        declineTitle: 'Decline request',
        canWithdraw: false,
        canFindAnother: true,
        matchId: guid(4),
        version: 2,
      },
    ],
    [
      'agreed, home with a meeting',
      {
        headline: 'Your mentor: Dr A Khan',
        statusLabel: 'Active',
        statusTone: 'good',
        otherRole: 'Mentor',
        otherName: 'Dr A Khan',
        facts: [],
        canRespond: false,
        declineTitle: 'Decline request',
        canWithdraw: false,
        canFindAnother: false,
        matchId: guid(4),
        version: 3,
        home: {
          sessionLine: '1 of 4 sessions logged',
          lastSessionLine: 'Last session: Tuesday 3 March 2027',
          meetingLine: 'Next meeting: Tuesday 10 March 2027, 14:00–15:00 (Teams meeting)',
          joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
          chatUrl: 'https://teams.microsoft.com/l/chat/0/0?users=a%40nhs.net',
          icsUrl: 'http://127.0.0.1:3978/calendar/x.ics',
          canSchedule: false,
          canMove: true,
          meetingId: guid(5),
          meetingVersion: 2,
          canLog: false,
          canAddNotes: true,
          latestSessionId: guid(7),
          canEnd: false,
          canEvaluate: false,
        },
      },
    ],
    [
      'agreed, nothing yet',
      {
        headline: 'Your mentee: Dr Rahul Menon',
        statusLabel: 'Accepted',
        statusTone: 'good',
        otherRole: 'Mentee',
        otherName: 'Dr Rahul Menon',
        facts: [],
        canRespond: false,
        declineTitle: 'Decline request',
        canWithdraw: false,
        canFindAnother: false,
        matchId: guid(4),
        version: 2,
        home: {
          sessionLine: 'No sessions logged yet (up to 4)',
          homeNote: 'Schedule your first meeting.',
          canSchedule: true,
          canMove: false,
          canLog: true,
          canAddNotes: false,
          canEnd: true,
          endNote: 'Your place is freed for another mentee.',
          canEvaluate: true,
          evaluateTitle: 'Your reflection',
        },
      },
    ],
  ],
  meetingOffer: [
    [
      'three slots',
      {
        headline: 'Schedule a meeting with Dr A Khan',
        intro: 'Times in the next 14 days when you are both free.',
        emptyText: 'None free.',
        slots: [
          { label: 'Tuesday 3 March 2027, 14:00–15:00', start: '2027-03-03T14:00:00.000Z' },
          { label: 'Wednesday 4 March 2027, 09:00–10:00', start: '2027-03-04T09:00:00.000Z' },
          { label: 'Thursday 5 March 2027, 11:15–12:15', start: '2027-03-05T11:15:00.000Z' },
        ],
        defaultMode: 'virtual',
        matchId: guid(4),
      },
    ],
    [
      'moving, taken, in person',
      {
        headline: 'Move your meeting with Dr A Khan',
        intro: 'Times.',
        notice: 'That time is no longer free.',
        emptyText: 'None free.',
        slots: [{ label: 'Tuesday 3 March 2027, 14:00–15:00', start: '2027-03-03T14:00:00.000Z' }],
        defaultMode: 'in-person',
        location: long(200),
        matchId: guid(4),
        meetingId: guid(5),
        meetingVersion: 3,
      },
    ],
    [
      'no slots',
      {
        headline: 'Schedule a meeting with Dr A Khan',
        intro: 'Times.',
        emptyText: 'There is no time in the next 14 days when you are both free.',
        slots: [],
        defaultMode: 'virtual',
        matchId: guid(4),
      },
    ],
  ],
  sessionForm: [
    [
      'prefilled from a meeting',
      {
        headline: 'Log this session with Dr Rahul Menon',
        sessionLine: 'Session 1 of 4',
        today: '2027-03-03',
        values: {
          heldOn: '2027-03-03',
          durationMinutes: '60',
          mode: 'virtual',
          topics: '',
          actionPoints: '',
          mentorNotes: '',
        },
        modes: [
          { title: 'Virtual', value: 'virtual' },
          { title: 'In person', value: 'in-person' },
        ],
        topics: [{ title: 'Wellbeing', value: 'wellbeing' }],
        matchId: guid(4),
        meetingId: guid(5),
        formId: 'meeting:x',
      },
    ],
    [
      'longest, with a notice',
      {
        headline: `Log this session with ${long(100, 'N')}`,
        sessionLine: 'Session 4 of 4',
        notice: long(300),
        today: '2027-03-03',
        values: {
          heldOn: '2027-03-01',
          durationMinutes: '720',
          mode: 'in-person',
          topics: 'wellbeing',
          actionPoints: long(2000),
          mentorNotes: long(4000),
        },
        modes: [{ title: 'Virtual', value: 'virtual' }],
        topics: [{ title: 'Wellbeing', value: 'wellbeing' }],
        matchId: guid(4),
        formId: guid(6),
      },
    ],
  ],
  session: [
    [
      'mentor, with shared notes',
      {
        headline: 'Session with Dr Rahul Menon',
        sessionLine: 'Session 2 of 4',
        facts: [{ title: 'Date', value: 'Tuesday 3 March 2027' }],
        actionPoints: 'Book the exam.',
        mentorNotes: 'Private.',
        menteeNotes: 'Shared.',
        menteeNotesTitle: "Dr Rahul Menon's notes, shared with you",
        canEditNotes: false,
        notesButton: 'Add my notes',
        notesValue: '',
        sharedValue: 'true',
        sessionId: guid(7),
        version: 2,
        matchId: guid(4),
      },
    ],
    [
      'mentee, longest',
      {
        headline: `Session with ${long(100, 'N')}`,
        sessionLine: 'Session 4 of 4',
        notice: long(300),
        facts: [{ title: 'Topics', value: long(400) }],
        actionPoints: long(2000),
        menteeNotes: long(4000),
        menteeNotesTitle: 'Your notes (only you see these)',
        canEditNotes: true,
        notesButton: 'Edit my notes',
        notesValue: long(4000),
        sharedValue: 'false',
        sessionId: guid(7),
        version: 1,
        matchId: guid(4),
      },
    ],
  ],
  evaluationForm: [
    [
      'mentee form',
      {
        headline: 'How was your mentoring with Dr Aisha Khan?',
        intro: 'Your match has ended.',
        isMentee: true,
        sent: false,
        answers: [],
        ratings: [
          { id: 'overall', title: 'Overall?', value: '' },
          { id: 'support', title: 'Support?', value: '4' },
        ],
        questions: [],
        values: { helped: '', better: '', nameOnCertificate: 'false' },
        submitTitle: 'Send my evaluation',
        matchId: guid(4),
      },
    ],
    [
      'mentor form with a notice',
      {
        headline: `Your reflection on mentoring ${long(100, 'N')}`,
        intro: 'Reflect.',
        notice: long(300),
        isMentee: false,
        sent: false,
        answers: [],
        ratings: [],
        questions: [
          { id: 'wentWell', title: 'What went well?', value: long(2000) },
          { id: 'learned', title: 'What did you learn?', value: '' },
        ],
        values: { helped: '', better: '', nameOnCertificate: 'false' },
        submitTitle: 'Save my reflection',
        matchId: guid(4),
      },
    ],
    [
      'sent, own answers',
      {
        headline: 'How was your mentoring?',
        intro: 'Your evaluation, as you sent it.',
        isMentee: true,
        sent: true,
        answers: [
          { title: 'Overall', value: '5 of 5' },
          { title: 'What helped', value: long(2000) },
        ],
        ratings: [],
        questions: [],
        values: { helped: '', better: '', nameOnCertificate: 'true' },
        submitTitle: 'Send my evaluation',
        matchId: guid(4),
      },
    ],
  ],
  nextChoice: [
    [
      'three choices',
      {
        headline: 'What next after your cycle with Dr Aisha Khan?',
        text: long(600),
        choices: [
          { title: 'Continue with Dr Aisha Khan', value: 'continue' },
          { title: 'Find a new mentor', value: 'rematch' },
          { title: 'Take a break from the programme', value: 'opt-out' },
        ],
        matchId: guid(4),
      },
    ],
    [
      'chosen, with a notice',
      {
        headline: `What next after your cycle with ${long(100, 'N')}?`,
        text: 'You chose to continue together for another cycle.',
        notice: long(300),
        chosen: 'continue together for another cycle',
        choices: [],
        matchId: guid(4),
      },
    ],
  ],
  certificates: [
    [
      'ready with a link',
      {
        headline: 'Your certificate is ready',
        intro: 'Your certificate for mentoring in IMG Peer Mentoring 2027.',
        items: [
          {
            title: 'IMG Peer Mentoring 2027',
            facts: [
              { title: 'Period', value: 'Monday 4 January 2027 to Monday 1 March 2027' },
              { title: 'Sessions', value: '4 sessions, 4 hours (4 CPD credits)' },
              { title: 'Verification code', value: 'ABCD-EFGH-JKMN' },
            ],
            downloadUrl: `https://mentoring.example.nhs.uk/certificates/${long(300, 'a')}.pdf`,
            preparing: false,
            canRefresh: true,
            certificateId: guid(7),
          },
        ],
      },
    ],
    [
      'preparing, no public address',
      {
        headline: 'Your certificates',
        notice: long(200),
        items: [
          {
            title: long(120, 'P'),
            facts: [{ title: 'Period', value: 'Monday 4 January 2027' }],
            preparing: true,
            canRefresh: false,
            certificateId: guid(7),
          },
        ],
      },
    ],
    [
      'record of participation',
      {
        headline: 'Your record of participation',
        items: [
          {
            title: 'IMG Peer Mentoring 2027',
            facts: [{ title: 'Sessions', value: '1 session' }],
            preparing: false,
            canRefresh: false,
            certificateId: guid(7),
          },
        ],
      },
    ],
  ],
  endMatch: [
    [
      'open',
      {
        headline: 'End the match: Dr Rahul Menon and Dr Aisha Khan',
        text: 'This is a no-fault ending.',
        canEnd: true,
        matchId: guid(4),
        version: 3,
      },
    ],
    [
      'already over, longest names',
      {
        headline: `End the match: ${long(100, 'M')} and ${long(100, 'R')}`,
        notice: 'The match has ended.',
        text: 'This match is ended: there is nothing to end.',
        canEnd: false,
        matchId: guid(4),
        version: 4,
      },
    ],
  ],
  sessionPick: [
    [
      'two matches',
      {
        matches: [
          { title: 'Dr Rahul Menon (1 of 4 logged)', matchId: guid(4) },
          { title: 'Dr B (0 of 4 logged)', matchId: guid(5) },
        ],
      },
    ],
  ],
  matchingProposal: [
    ['draft, one page', proposalData()],
    [
      'largest: a full page of the longest names and reasons, removed pairs, 20 unmatched listed',
      proposalData({
        pairs: Array.from({ length: 10 }, (_, i) => ({
          menteeApplicationId: guid(i),
          menteeName: long(100, 'M'),
          mentorName: long(100, 'R'),
          score: '100/100',
          reasons: long(400),
        })),
        removed: Array.from({ length: 10 }, (_, i) => ({
          menteeApplicationId: guid(20 + i),
          menteeName: long(100, 'M'),
          mentorName: long(100, 'R'),
          barred: i % 2 === 0,
        })),
        unmatched: Array.from({ length: 20 }, () => ({
          name: long(100, 'U'),
          reason: 'every mentor who would suit is already at capacity',
        })),
        unmatchedMore: '…and 180 more.',
        hasNext: true,
        hasPrevious: true,
      }),
    ],
    [
      'published, with skipped pairs',
      proposalData({
        statusLabel: 'Published',
        statusTone: 'good',
        notice: 'Published: 3 proposals sent.',
        canEdit: false,
        canPublish: false,
        removed: [],
        skipped: [{ menteeName: 'Dr B', mentorName: 'Dr C', reason: 'the mentor has no free place any more' }],
      }),
    ],
  ],
  programmeMatches: [
    [
      'empty',
      {
        headline: 'Matches: IMG 2027',
        summary: 'No requests or matches yet.',
        items: [],
        hasPrevious: false,
        hasNext: false,
        previousPage: 1,
        nextPage: 1,
      },
    ],
    [
      'a full page with private reasons',
      {
        headline: 'Matches: IMG 2027',
        summary: '3 proposed · 2 declined · page 1 of 2',
        hasPrevious: false,
        hasNext: true,
        previousPage: 1,
        nextPage: 2,
        items: Array.from({ length: 10 }, (_, i) => ({
          title: `${long(100, 'M')} (mentee) → ${long(100, 'R')} (mentor)`,
          status: 'declined',
          tone: 'attention' as const,
          detail: 'automatic matching · score 71/100 · declined by the mentor',
          reason: i % 2 ? long(500) : undefined,
          matchId: guid(i),
          canEnd: i % 3 === 0,
        })),
      },
    ],
  ],
  mentorProfile: [
    [
      'taking mentees, with errors',
      {
        headline: 'Your mentor profile',
        statusLabel: 'Taking new mentees',
        statusTone: 'good',
        placesLabel: '1 of 3 places taken',
        notice: 'Saved.',
        errors: [{ field: 'capacity', message: 'Capacity must be a whole number from 1 to 5.' }],
        facts: [{ title: 'Specialty', value: 'Psychiatry' }],
        values: {
          bio: 'ST4 in psychiatry.',
          capacity: '3',
          topics: 'exams-portfolio,wellbeing',
          meetingPreference: 'virtual',
        },
        capacity: { min: 1, max: 5 },
        choices: {
          topics: [{ title: 'Wellbeing', value: 'wellbeing' }],
          meetingPreferences: [{ title: 'Virtual (Teams)', value: 'virtual' }],
        },
        paused: false,
        applicationId: guid(5),
        version: 2,
      },
    ],
    [
      'paused',
      {
        headline: 'Your mentor profile',
        statusLabel: 'Paused: not taking new mentees',
        statusTone: 'warning',
        placesLabel: '0 of 1 place taken',
        errors: [],
        facts: [],
        values: { bio: '', capacity: '', topics: '', meetingPreference: '' },
        capacity: { min: 1, max: 5 },
        choices: {
          topics: [{ title: 'Wellbeing', value: 'wellbeing' }],
          meetingPreferences: [{ title: 'Either', value: 'either' }],
        },
        paused: true,
        applicationId: guid(5),
        version: 3,
      },
    ],
  ],
  concernForm: [
    [
      'with matches, typed text kept after a problem',
      {
        formId: guid(8),
        programmeName: 'IMG Peer Mentoring 2027',
        notice: 'Some answers need another look; nothing was sent.',
        categories: [
          { title: 'Welfare of, or risk to, a participant', value: 'welfare' },
          { title: 'Something else', value: 'other' },
        ],
        matchChoices: [
          { title: 'No, not about a match', value: 'none' },
          { title: `My match with ${long(100, 'M')} (I am the mentee)`, value: guid(4) },
        ],
        values: { category: 'welfare', matchId: guid(4), text: long(2000), mayContact: 'false' },
        signposts: [
          {
            title: 'NHS Practitioner Health',
            value: 'Free, confidential mental health support for doctors and dentists: 0300 0303 300',
          },
        ],
      },
    ],
    [
      'no matches',
      {
        formId: guid(9),
        programmeName: 'IMG 2027',
        categories: [{ title: 'Other', value: 'other' }],
        matchChoices: [],
        values: { category: '', matchId: 'none', text: '', mayContact: 'true' },
        signposts: [],
      },
    ],
  ],
  signpostingForm: [
    [
      'defaults, eight rows of the longest text, with errors',
      {
        notice: 'The list was not saved; some rows need another look.',
        noticeTone: 'attention',
        errors: [{ message: 'Row 2: say how to reach it.' }],
        rows: Array.from({ length: 8 }, () => ({ name: long(80, 'N'), purpose: long(160), contact: long(160, 'C') })),
        version: 0,
      },
    ],
    [
      'saved',
      {
        notice: 'Saved.',
        noticeTone: 'good',
        errors: [],
        rows: Array.from({ length: 8 }, () => ({ name: '', purpose: '', contact: '' })),
        version: 3,
      },
    ],
  ],
  concern: [
    [
      'coordinators, open and urgent, longest text',
      {
        headline: 'Concern raised in IMG Peer Mentoring 2027',
        urgent: true,
        statusLabel: 'Open',
        statusTone: 'attention',
        noticeTone: 'default',
        facts: [
          { title: 'Raised by', value: `${long(100, 'R')} (mentee in the match)` },
          { title: 'About', value: 'Inappropriate behaviour' },
        ],
        text: long(2000),
        signpostHeading: 'Signposting to offer',
        signposts: [{ title: 'Emergency', value: 'If someone is in immediate danger: Call 999' }],
        canAcknowledge: true,
        canClose: true,
        concernId: guid(7),
        version: 1,
      },
    ],
    [
      'raiser, closed, not reachable notice',
      {
        headline: 'Your concern',
        urgent: false,
        statusLabel: 'Closed',
        statusTone: 'good',
        notice: 'No coordinator can be reached.',
        noticeTone: 'attention',
        facts: [],
        text: 'What happened.',
        closeNote: long(1000),
        signpostHeading: 'Other places to turn',
        signposts: [],
        canAcknowledge: false,
        canClose: false,
        concernId: guid(7),
        version: 3,
      },
    ],
  ],
  reports: [
    ['a report from the presenter, no tab link', reportsData(sampleReport(3), { digest: false })],
    [
      'the weekly digest, longest labels, many rows, with the tab link',
      reportsData(sampleReport(60), {
        digest: true,
        tabUrl: 'https://teams.microsoft.com/l/entity/00000000-0000-4000-8000-000000000001/reports',
      }),
    ],
  ],
};

/** A report over `rows` sites of long free-text names, built as the service builds it. */
function sampleReport(rows: number) {
  const sites = Array.from({ length: rows }, (_, i) => ({
    role: 'mentee' as const,
    value: `${long(90, 'S')} ${i} [x](https://evil.example)`,
    count: i % 9,
  }));
  const settings = { ...DEFAULT_SETTINGS };
  return buildReport(
    { id: 'prog-1', name: long(120, 'P'), settings },
    {
      applications: [{ role: 'mentee', status: 'submitted', count: 4, oldestSubmittedAt: '2027-03-01T10:00:00.000Z' }],
      breakdowns: {
        specialty: [{ role: 'mentor', value: 'psychiatry', count: 7 }],
        site: sites,
        grade: [],
        qualificationCountry: [{ role: 'mentee', value: 'IN', count: 2 }],
      },
      matches: [
        { status: 'accepted', count: 3 },
        { status: 'requested', count: 1 },
      ],
      overdue: 1,
      responses: Array.from({ length: 6 }, () => ({
        createdAt: '2027-03-01T10:00:00.000Z',
        respondedAt: '2027-03-03T10:00:00.000Z',
      })),
      concerns: [{ status: 'open', count: 1 }],
      acknowledgements: [],
      sessionsPerMatch: [
        { sessions: 3, minutes: 170 },
        { sessions: 1, minutes: 60 },
      ],
      sessionsThisMonth: [{ sessions: 1, minutes: 60 }],
      outcomesByHour: [],
      ratingTotals: { count: 6, sums: { overall: 27, support: 25, fit: 24, recommend: 28 } },
    },
    { isBankHoliday: () => false },
    '2027-03-08T09:00:00.000Z',
  );
}

function render<V extends CardView>(view: V, data: CardViews[V]): Json {
  return renderCard(view, data) as Json;
}

// ---- tests -----------------------------------------------------------------------------------------

describe('card templates', () => {
  it('has samples for every view', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), [...CARD_VIEWS].sort());
    assert.ok(isCardView('applicationReview'));
    assert.ok(!isCardView('toString'));
  });

  describe("every view and variant lints clean with Microsoft's parser", () => {
    for (const view of Object.keys(SAMPLES) as CardView[]) {
      for (const [variant, data] of SAMPLES[view] as [string, never][]) {
        it(`${view}: ${variant}`, () => assertWellFormed(render(view, data), `${view} (${variant})`));
      }
    }
  });

  it('the linter itself catches unknown elements, unknown actions, duplicate ids and bad values', () => {
    assert.ok(
      lint({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Txt', id: 'a' }] }).some((e) =>
        e.startsWith('UnknownElementType'),
      ),
    );
    assert.ok(
      lint({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.Exec', title: 'x' }] }).some(
        (e) => e.startsWith('UnknownActionType'),
      ),
    );
    assert.ok(
      lint({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Text', id: 'a' },
        ],
      }).some((e) => e.startsWith('DuplicateId')),
    );
    assert.ok(
      lint({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', color: 'purple' }] }).length >
        0,
    );
  });

  it('template files are schema 1.5 Adaptive Cards and never use Action.Submit', () => {
    const files = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= CARD_VIEWS.length);
    for (const f of files) {
      const source = readFileSync(join(CARDS_DIR, f), 'utf8');
      assert.ok(!source.includes('Action.Submit'), f);
      const json = JSON.parse(source);
      if (json.type === 'AdaptiveCard') {
        assert.equal(json.version, '1.5', f);
        assert.ok(json.$schema, f);
      }
      for (const verb of source.match(/"verb":\s*"([^"]+)"/g) ?? []) {
        assert.ok((ALL_VERBS as readonly string[]).includes(verb.split('"')[3]), `${f}: ${verb}`);
      }
    }
  });

  describe('welcome', () => {
    it('offers each section\u2019s commands as help.run buttons naming the command, with the words to type', () => {
      const card = render('welcome', SAMPLES.welcome[0][1]);
      const actions = JSON.stringify(card.body);
      assert.ok(
        actions.includes(JSON.stringify({ command: 'apply-mentee' })) &&
          actions.includes(JSON.stringify({ command: 'apply-mentor' })),
      );
      assert.ok(texts(card).some((t) => t.includes('**apply as mentee**')));
      assert.ok(!texts(card).some((t) => t.includes('Local mode')));
    });
    it('keeps at most five buttons per action set and labels local mode', () => {
      const card = render('welcome', SAMPLES.welcome[1][1]);
      const sets: any[] = [];
      const walk = (n: any): void => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (!n || typeof n !== 'object') return;
        if (n.type === 'ActionSet') sets.push(n);
        Object.values(n).forEach(walk);
      };
      walk(card.body);
      assert.equal(sets.length, 2);
      assert.ok(sets.every((s) => s.actions.length <= 5 && s.actions.every((a: any) => a.verb === VERBS.helpRun)));
      assert.ok(texts(card).includes('Local mode — no Microsoft 365 tenant'));
    });
  });

  describe('applicationForm', () => {
    it('a mentee form has every shared input and no mentor-only ones', () => {
      const card = render('applicationForm', formData());
      assert.deepEqual(
        inputs(card).map((i) => i.id),
        FORM_INPUT_IDS.filter((id) => id !== 'capacity' && id !== 'bio'),
      );
      assert.equal(input(card, 'name')?.value, 'Dr Amara Okafor');
    });
    it('a mentor form adds capacity (a number within the programme bounds) and a required bio', () => {
      const card = render(
        'applicationForm',
        formData({ role: 'mentor', roleLabel: 'Mentor', values: fullValues, capacity: { min: 1, max: 4 } }),
      );
      assert.deepEqual(
        inputs(card).map((i) => i.id),
        [...FORM_INPUT_IDS],
      );
      const capacity = input(card, 'capacity')!;
      assert.deepEqual(
        [capacity.type, capacity.min, capacity.max, capacity.value, capacity.isRequired],
        ['Input.Number', 1, 4, 2, true],
      );
      assert.equal(input(card, 'bio')?.maxLength, FORM_LIMITS.bio);
    });
    it('applies the form limits on the client too', () => {
      const card = render('applicationForm', formData({ role: 'mentor', roleLabel: 'Mentor', today: '2027-03-03' }));
      assert.equal(input(card, 'name')?.maxLength, FORM_LIMITS.name);
      assert.equal(input(card, 'goals')?.maxLength, FORM_LIMITS.goals);
      assert.equal(input(card, 'nhsStartDate')?.max, '2027-03-03');
      assert.equal(input(card, 'nhsStartDate')?.min, FORM_LIMITS.earliestNhsStart);
      for (const i of inputs(card)) assert.equal(i.isRequired, true, i.id);
      assert.equal(input(card, 'languages')?.isMultiSelect, true);
      assert.equal(input(card, 'topics')?.isMultiSelect, true);
      assert.equal(input(card, 'qualificationCountry')?.choices.length, COUNTRIES.length);
      assert.ok(!input(card, 'qualificationCountry')?.choices.some((c: Json) => c.value === 'GB' || c.value === 'IE'));
    });
    it('unset statements post "false" and an empty capacity shows no value', () => {
      const card = render('applicationForm', formData({ role: 'mentor', roleLabel: 'Mentor' }));
      assert.equal(input(card, 'eligibilityConfirmed')?.value, 'false');
      assert.equal(input(card, 'privacyConsent')?.value, 'false');
      assert.ok(!('value' in input(card, 'capacity')!));
      assert.ok(!('max' in input(card, 'nhsStartDate')!), 'no max date unless today is given');
    });
    it('uses a choice list for sites when the programme has them, free text otherwise', () => {
      assert.equal(input(render('applicationForm', formData()), 'site')?.type, 'Input.ChoiceSet');
      const free = input(render('applicationForm', SAMPLES.applicationForm[2][1]), 'site')!;
      assert.deepEqual([free.type, free.maxLength], ['Input.Text', FORM_LIMITS.site]);
    });
    it('lists errors at the top in attention colour', () => {
      const card = render(
        'applicationForm',
        formData({ errors: [{ field: 'name', message: 'Your name is required.' }] }),
      );
      const box = card.body.find((b: Json) => b.style === 'attention');
      assert.ok(box);
      assert.ok(card.body.indexOf(box) < card.body.findIndex((b: Json) => b.id === 'name'));
      assert.ok(box.items.some((i: Json) => i.text === '• Your name is required.' && i.color === 'Attention'));
      assert.ok(!render('applicationForm', formData()).body.some((b: Json) => b.style === 'attention'));
    });
    it('submits new forms with app.submit { programmeId, role } and resubmissions with app.resubmit { applicationId, version }', () => {
      assert.deepEqual(
        topActions(render('applicationForm', formData())).map((a) => [a.verb, a.data]),
        [[VERBS.appSubmit, { programmeId: 'prog-1', role: 'mentee' }]],
      );
      const resubmit = render('applicationForm', SAMPLES.applicationForm[4][1]);
      assert.deepEqual(
        topActions(resubmit).map((a) => [a.verb, a.data]),
        [[VERBS.appResubmit, { applicationId: 'app-1', version: 2 }]],
      );
      assert.ok(texts(resubmit).includes(long(NOTE_MAX_LENGTH)), 'shows the coordinator question');
    });
  });

  describe('applicationStatus', () => {
    it('summarises the application in a FactSet with a coloured status', () => {
      const card = render('applicationStatus', statusData());
      const facts = all(card, (o) => o.type === 'FactSet')[0].facts as Json[];
      assert.ok(facts.some((f) => f.title === 'Qualified in' && f.value === 'Nigeria'));
      assert.ok(!facts.some((f) => f.title === 'Capacity'), 'no capacity for a mentee');
      assert.ok(
        all(card, (o) => o.type === 'TextBlock' && o.text === '● Awaiting review' && o.color === 'accent').length === 1,
      );
    });
    it('offers withdraw (confirmed in a ShowCard) and edit only when allowed', () => {
      const submitted = render('applicationStatus', statusData());
      assert.deepEqual(
        actions(submitted).map((a) => [a.verb, a.data]),
        [
          [VERBS.appWithdraw, { applicationId: 'app-1', version: 1 }],
          [VERBS.appMine, { applicationId: 'app-1' }],
        ],
      );
      const asked = render('applicationStatus', SAMPLES.applicationStatus[1][1]);
      assert.deepEqual(
        actions(asked).map((a) => a.verb),
        [VERBS.appEdit, VERBS.appWithdraw, VERBS.appMine],
      );
      assert.ok(texts(asked).includes('Which site will you be at from August?'));
      const final = render('applicationStatus', SAMPLES.applicationStatus[2][1]);
      assert.deepEqual(
        actions(final).map((a) => a.verb),
        [VERBS.appMine],
      );
    });
    it("shows a mentor's capacity and bio", () => {
      const card = render('applicationStatus', statusData({ summary: summary('mentor') }));
      assert.ok(all(card, (o) => o.title === 'Capacity' && o.value === '3 mentees at a time').length === 1);
      assert.ok(texts(card).includes('ST4 psychiatry, qualified in Lagos, in the NHS since 2019.'));
    });
  });

  describe('applicationReview', () => {
    it('an actionable card offers approve, reject with a required reason, and ask with a required question', () => {
      const card = render('applicationReview', reviewData());
      const ref = { applicationId: 'app-1', version: 1 };
      assert.deepEqual(
        actions(card)
          .filter((a) => a !== card.refresh.action)
          .map((a) => [a.verb, a.data]),
        [
          [VERBS.appApprove, ref],
          [VERBS.appReject, ref],
          [VERBS.appRequestInfo, ref],
        ],
      );
      for (const id of ['reason', 'question']) {
        const i = input(card, id)!;
        assert.deepEqual([i.isRequired, i.maxLength, i.isMultiline], [true, NOTE_MAX_LENGTH, true], id);
      }
      assert.deepEqual(
        topActions(card).map((a) => a.type),
        ['Action.Execute', 'Action.ShowCard', 'Action.ShowCard'],
      );
    });
    it('a decided card shows who did what, with no buttons', () => {
      const card = render('applicationReview', SAMPLES.applicationReview[2][1]);
      assert.equal(topActions(card).length, 0);
      assert.ok(texts(card).includes('Approved by Dr A Khan on 3 Mar 2027, 14:05'));
    });
    it('a stale click shows the notice', () => {
      assert.ok(
        texts(render('applicationReview', SAMPLES.applicationReview[3][1])).includes(
          'This application was already rejected by Dr A Khan.',
        ),
      );
    });
    it('refreshes for the coordinators with app.refresh { applicationId }, at most 60 of them', () => {
      const card = render(
        'applicationReview',
        reviewData({ refreshUserIds: Array.from({ length: 75 }, (_, i) => guid(i)) }),
      );
      assert.deepEqual(card.refresh.action, {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: VERBS.appRefresh,
        data: { applicationId: 'app-1' },
      });
      assert.equal(card.refresh.userIds.length, MAX_REFRESH_USERS);
      assert.equal(card.refresh.userIds[0], guid(0));
      assertWellFormed(card, 'review with 75 coordinators');
    });
    it('defuses links typed by an applicant, so a coordinator sees no disguised link', () => {
      const card = render(
        'applicationReview',
        reviewData({ summary: { ...summary('mentee'), goals: 'see [my CV](https://evil.example/)' } }),
      );
      const goals = texts(card).find((t) => t.startsWith('see '))!;
      assert.ok(!goals.includes(']('));
      assert.equal(goals.replace(/\u200B/g, ''), 'see [my CV](https://evil.example/)');
    });
    it('does not evaluate template syntax typed by an applicant', () => {
      const card = render(
        'applicationReview',
        reviewData({ summary: { ...summary('mentee'), name: '${applicationId}' } }),
      );
      assert.ok(all(card, (o) => o.title === 'Name' && o.value === '${applicationId}').length === 1);
    });
  });

  describe('setup, coordinators, notice, error', () => {
    it('setup posts programmeName, organisation, nation and sites with setup.submit', () => {
      const card = render('setupForm', SAMPLES.setupForm[1][1]);
      assert.deepEqual(
        inputs(card).map((i) => i.id),
        ['programmeName', 'organisation', 'nation', 'sites'],
      );
      assert.equal(input(card, 'sites')?.value, 'Ninewells\nPerth Royal');
      assert.deepEqual(
        topActions(card).map((a) => [a.verb, a.data]),
        [[VERBS.setupSubmit, {}]],
      );
    });
    it('coordinators lists people and adds one with coord.add { programmeId } + personId', () => {
      const card = render('coordinators', SAMPLES.coordinators[0][1]);
      assert.ok(texts(card).includes('• Dr A Khan'));
      assert.equal(input(card, 'personId')?.choices[0].value, guid(3));
      assert.deepEqual(
        topActions(card).map((a) => [a.verb, a.data]),
        [[VERBS.coordAdd, { programmeId: 'prog-1' }]],
      );
      const empty = render('coordinators', SAMPLES.coordinators[1][1]);
      assert.equal(inputs(empty).length, 0);
      assert.ok(!('actions' in empty));
    });
    it('notice colours its title by tone; error lists its details', () => {
      assert.equal(render('notice', SAMPLES.notice[0][1]).body[0].color, 'good');
      assert.ok(texts(render('error', SAMPLES.error[0][1])).includes('• topics: Choose at least one topic.'));
    });
    it('a failure is headed by what happened: an ordinary state is no alarm, and an unexpected error is not "Already done"', () => {
      const previous = logError;
      setErrorLogger(() => undefined);
      try {
        const nothing = failureCard(new NothingToDoError('There are no approved mentees without a mentor.')) as Json;
        assert.deepEqual([nothing.body[0].text, nothing.body[0].color], ['Nothing to do yet', 'Default']);
        const unexpected = failureCard(new Error('disk on fire')) as Json;
        assert.deepEqual([unexpected.body[0].text, unexpected.body[0].color], ['Something went wrong', 'Attention']);
        assert.ok(!texts(unexpected).some((t) => t.includes('disk on fire')), 'the cause is logged, never shown');
        const conflict = failureCard(new ConflictError('You have already applied as a mentee.')) as Json;
        assert.deepEqual([conflict.body[0].text, conflict.body[0].color], ['Already done', 'Default']);
        const limit = failureCard(
          new ForbiddenError('You cannot decide on your own application; another coordinator needs to.'),
        ) as Json;
        assert.deepEqual(
          [limit.body[0].text, limit.body[0].color],
          ['Not something you can do here', 'Default'],
          'a role limit is not an alarm',
        );
        const stale = failureCard(new StaleError('This application was already approved by Dr A Khan.')) as Json;
        assert.deepEqual([stale.body[0].text, stale.body[0].color], ['This card is out of date', 'Default']);
        const invalid = failureCard(new ValidationError('A reason is required to reject an application.')) as Json;
        assert.equal(invalid.body[0].color, 'Attention', 'something to correct keeps the alarm colour');
      } finally {
        setErrorLogger(previous);
      }
    });
  });
});

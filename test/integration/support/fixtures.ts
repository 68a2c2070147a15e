/** A complete, valid mentee application as the card's inputs send it. */
export function menteeInputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Dr Rahul Menon',
    grade: 'fy2',
    specialty: 'psychiatry',
    site: 'Royal Infirmary',
    qualificationCountry: 'IN',
    nhsStartDate: '2026-08-03',
    languages: 'en,ml',
    topics: 'exams-portfolio,culture-life-uk',
    goals: 'Passing MRCPsych Paper A and settling into on-call work.',
    meetingPreference: 'either',
    eligibilityConfirmed: 'true',
    privacyConsent: 'true',
    ...overrides,
  };
}

/** A complete mentor application as the card's inputs send it. */
export function mentorInputs(overrides: Record<string, string> = {}): Record<string, string> {
  return menteeInputs({
    grade: 'st3-plus',
    nhsStartDate: '2021-08-04',
    capacity: '1',
    bio: 'Psychiatry registrar; passed MRCPsych in 2023.',
    ...overrides,
  });
}

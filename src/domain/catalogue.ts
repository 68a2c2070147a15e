/**
 * The choice lists on the application form (SPEC §3.1). Values are stable identifiers stored on records
 * and used by matching, so never rename a value: add a new one and retire the old one instead. Titles are
 * what people read and may be reworded freely.
 */

/** One option of a choice list, shaped as an Adaptive Card `Input.Choice`. */
export interface Choice {
  value: string;
  title: string;
}

/** A grade or stage of training, with its place in a typical career (higher is further along). */
export interface GradeChoice extends Choice {
  /**
   * Rough career order used when matching (SPEC §3.2: a mentor somewhat ahead beats a very senior one).
   * Doctors and dentists share one scale so a dental core trainee sits beside a medical core trainee.
   */
  stage: number;
}

/** Grades and stages of training for doctors and dentists in the NHS. */
export const GRADES: readonly GradeChoice[] = [
  { value: 'fy1', title: 'Foundation Year 1 (FY1)', stage: 1 },
  { value: 'fy2', title: 'Foundation Year 2 (FY2)', stage: 2 },
  { value: 'dental-foundation', title: 'Dental foundation trainee (DF1)', stage: 1 },
  { value: 'led', title: 'Locally employed doctor / trust grade', stage: 2 },
  { value: 'clinical-fellow', title: 'Clinical fellow', stage: 3 },
  { value: 'core-trainee', title: 'Core trainee (CT1–3, IMT, CST)', stage: 3 },
  { value: 'dental-core-trainee', title: 'Dental core trainee (DCT1–3)', stage: 3 },
  { value: 'st1-2', title: 'Specialty trainee ST1–2', stage: 3 },
  { value: 'gp-trainee', title: 'GP trainee (GPST1–3)', stage: 4 },
  { value: 'st3-plus', title: 'Specialty trainee ST3+ (registrar)', stage: 5 },
  { value: 'dental-specialty-trainee', title: 'Dental specialty trainee (StR)', stage: 5 },
  { value: 'specialty-doctor', title: 'Specialty doctor', stage: 5 },
  { value: 'dentist', title: 'Dentist (general dental practice)', stage: 5 },
  { value: 'specialist', title: 'Specialist / associate specialist', stage: 6 },
  { value: 'gp', title: 'General practitioner (GP)', stage: 7 },
  { value: 'consultant', title: 'Consultant', stage: 7 },
];

/** Common UK specialties, including dentistry, with "Other" last. */
export const SPECIALTIES: readonly Choice[] = [
  { value: 'acute-medicine', title: 'Acute medicine' },
  { value: 'anaesthetics', title: 'Anaesthetics' },
  { value: 'cardiology', title: 'Cardiology' },
  { value: 'dentistry', title: 'Dentistry' },
  { value: 'dermatology', title: 'Dermatology' },
  { value: 'emergency-medicine', title: 'Emergency medicine' },
  { value: 'endocrinology', title: 'Endocrinology and diabetes' },
  { value: 'gastroenterology', title: 'Gastroenterology' },
  { value: 'general-practice', title: 'General practice' },
  { value: 'general-surgery', title: 'General surgery' },
  { value: 'geriatric-medicine', title: 'Geriatric medicine' },
  { value: 'haematology', title: 'Haematology' },
  { value: 'intensive-care', title: 'Intensive care medicine' },
  { value: 'internal-medicine', title: 'Internal medicine' },
  { value: 'neurology', title: 'Neurology' },
  { value: 'obstetrics-gynaecology', title: 'Obstetrics and gynaecology' },
  { value: 'oncology', title: 'Oncology (clinical and medical)' },
  { value: 'ophthalmology', title: 'Ophthalmology' },
  { value: 'oral-maxillofacial-surgery', title: 'Oral and maxillofacial surgery' },
  { value: 'ent', title: 'Otolaryngology (ENT)' },
  { value: 'paediatrics', title: 'Paediatrics' },
  { value: 'pathology', title: 'Pathology (incl. histopathology)' },
  { value: 'psychiatry', title: 'Psychiatry' },
  { value: 'public-health', title: 'Public health' },
  { value: 'radiology', title: 'Radiology' },
  { value: 'renal-medicine', title: 'Renal medicine' },
  { value: 'respiratory-medicine', title: 'Respiratory medicine' },
  { value: 'trauma-orthopaedics', title: 'Trauma and orthopaedic surgery' },
  { value: 'urology', title: 'Urology' },
  { value: 'other', title: 'Other' },
];

/** What a mentee wants help with and a mentor can offer: exactly the list in SPEC §3.1. */
export const TOPICS: readonly Choice[] = [
  { value: 'nhs-induction', title: 'NHS induction and systems' },
  { value: 'exams-portfolio', title: 'Exams and portfolio/ARCP' },
  { value: 'specialty-applications', title: 'Specialty applications' },
  { value: 'communication-language', title: 'Communication and language' },
  { value: 'culture-life-uk', title: 'Culture and life in the UK' },
  { value: 'wellbeing', title: 'Wellbeing' },
  { value: 'career-progression', title: 'Career progression' },
  { value: 'research', title: 'Research' },
];

/**
 * Languages commonly spoken by IMGs in the UK. Values are BCP 47 tags; Mandarin and Cantonese use their
 * ISO 639-3 codes because "zh" would not tell them apart, and for a conversation that difference matters.
 */
export const LANGUAGES: readonly Choice[] = [
  { value: 'en', title: 'English' },
  { value: 'sq', title: 'Albanian' },
  { value: 'am', title: 'Amharic' },
  { value: 'ar', title: 'Arabic' },
  { value: 'bn', title: 'Bengali' },
  { value: 'bg', title: 'Bulgarian' },
  { value: 'my', title: 'Burmese' },
  { value: 'yue', title: 'Cantonese' },
  { value: 'nl', title: 'Dutch' },
  { value: 'fa', title: 'Farsi (Persian)' },
  { value: 'fr', title: 'French' },
  { value: 'de', title: 'German' },
  { value: 'el', title: 'Greek' },
  { value: 'gu', title: 'Gujarati' },
  { value: 'ha', title: 'Hausa' },
  { value: 'hi', title: 'Hindi' },
  { value: 'hu', title: 'Hungarian' },
  { value: 'ig', title: 'Igbo' },
  { value: 'it', title: 'Italian' },
  { value: 'kn', title: 'Kannada' },
  { value: 'ku', title: 'Kurdish' },
  { value: 'ms', title: 'Malay' },
  { value: 'ml', title: 'Malayalam' },
  { value: 'cmn', title: 'Mandarin' },
  { value: 'mr', title: 'Marathi' },
  { value: 'ne', title: 'Nepali' },
  { value: 'ps', title: 'Pashto' },
  { value: 'pl', title: 'Polish' },
  { value: 'pt', title: 'Portuguese' },
  { value: 'pa', title: 'Punjabi' },
  { value: 'ro', title: 'Romanian' },
  { value: 'ru', title: 'Russian' },
  { value: 'sd', title: 'Sindhi' },
  { value: 'si', title: 'Sinhala' },
  { value: 'so', title: 'Somali' },
  { value: 'es', title: 'Spanish' },
  { value: 'sw', title: 'Swahili' },
  { value: 'tl', title: 'Tagalog (Filipino)' },
  { value: 'ta', title: 'Tamil' },
  { value: 'te', title: 'Telugu' },
  { value: 'ti', title: 'Tigrinya' },
  { value: 'tr', title: 'Turkish' },
  { value: 'tw', title: 'Twi' },
  { value: 'uk', title: 'Ukrainian' },
  { value: 'ur', title: 'Urdu' },
  { value: 'yo', title: 'Yoruba' },
];

/** How the person would like to meet. Values are the `ApplicationForm.meetingPreference` union. */
export const MEETING_PREFERENCES: readonly { value: 'in-person' | 'virtual' | 'either'; title: string }[] = [
  { value: 'in-person', title: 'In person' },
  { value: 'virtual', title: 'Virtual (Teams)' },
  { value: 'either', title: 'Either' },
];

/** UN M49 continents, for a coarser match when sub-regions differ. */
export type Continent = 'Africa' | 'Americas' | 'Asia' | 'Europe' | 'Oceania';

/** UN M49 sub-regions (intermediate regions for Africa and the Americas, which are more telling there). */
export type Region =
  | 'Northern Africa'
  | 'Eastern Africa'
  | 'Middle Africa'
  | 'Southern Africa'
  | 'Western Africa'
  | 'Caribbean'
  | 'Central America'
  | 'South America'
  | 'Northern America'
  | 'Central Asia'
  | 'Eastern Asia'
  | 'South-eastern Asia'
  | 'Southern Asia'
  | 'Western Asia'
  | 'Eastern Europe'
  | 'Northern Europe'
  | 'Southern Europe'
  | 'Western Europe'
  | 'Australia and New Zealand'
  | 'Melanesia'
  | 'Micronesia'
  | 'Polynesia';

/** A country where a primary qualification may have been awarded; value is the ISO 3166-1 alpha-2 code. */
export interface CountryChoice extends Choice {
  region: Region;
}

/** Which continent each region belongs to. */
export const REGION_CONTINENT: Readonly<Record<Region, Continent>> = {
  'Northern Africa': 'Africa',
  'Eastern Africa': 'Africa',
  'Middle Africa': 'Africa',
  'Southern Africa': 'Africa',
  'Western Africa': 'Africa',
  Caribbean: 'Americas',
  'Central America': 'Americas',
  'South America': 'Americas',
  'Northern America': 'Americas',
  'Central Asia': 'Asia',
  'Eastern Asia': 'Asia',
  'South-eastern Asia': 'Asia',
  'Southern Asia': 'Asia',
  'Western Asia': 'Asia',
  'Eastern Europe': 'Europe',
  'Northern Europe': 'Europe',
  'Southern Europe': 'Europe',
  'Western Europe': 'Europe',
  'Australia and New Zealand': 'Oceania',
  Melanesia: 'Oceania',
  Micronesia: 'Oceania',
  Polynesia: 'Oceania',
};

// The UN member states, plus Hong Kong, Taiwan, Kosovo and Palestine where many doctors qualify. The
// United Kingdom and Ireland are absent on purpose: a qualification from there makes someone not an IMG
// (SPEC §1), so the form cannot claim it.
const COUNTRIES_BY_REGION: Readonly<Record<Region, readonly (readonly [string, string])[]>> = {
  'Northern Africa': [
    ['DZ', 'Algeria'],
    ['EG', 'Egypt'],
    ['LY', 'Libya'],
    ['MA', 'Morocco'],
    ['SD', 'Sudan'],
    ['TN', 'Tunisia'],
  ],
  'Eastern Africa': [
    ['BI', 'Burundi'],
    ['KM', 'Comoros'],
    ['DJ', 'Djibouti'],
    ['ER', 'Eritrea'],
    ['ET', 'Ethiopia'],
    ['KE', 'Kenya'],
    ['MG', 'Madagascar'],
    ['MW', 'Malawi'],
    ['MU', 'Mauritius'],
    ['MZ', 'Mozambique'],
    ['RW', 'Rwanda'],
    ['SC', 'Seychelles'],
    ['SO', 'Somalia'],
    ['SS', 'South Sudan'],
    ['UG', 'Uganda'],
    ['TZ', 'Tanzania'],
    ['ZM', 'Zambia'],
    ['ZW', 'Zimbabwe'],
  ],
  'Middle Africa': [
    ['AO', 'Angola'],
    ['CM', 'Cameroon'],
    ['CF', 'Central African Republic'],
    ['TD', 'Chad'],
    ['CG', 'Congo'],
    ['CD', 'Democratic Republic of the Congo'],
    ['GQ', 'Equatorial Guinea'],
    ['GA', 'Gabon'],
    ['ST', 'São Tomé and Príncipe'],
  ],
  'Southern Africa': [
    ['BW', 'Botswana'],
    ['SZ', 'Eswatini'],
    ['LS', 'Lesotho'],
    ['NA', 'Namibia'],
    ['ZA', 'South Africa'],
  ],
  'Western Africa': [
    ['BJ', 'Benin'],
    ['BF', 'Burkina Faso'],
    ['CV', 'Cabo Verde'],
    ['CI', "Côte d'Ivoire"],
    ['GM', 'Gambia'],
    ['GH', 'Ghana'],
    ['GN', 'Guinea'],
    ['GW', 'Guinea-Bissau'],
    ['LR', 'Liberia'],
    ['ML', 'Mali'],
    ['MR', 'Mauritania'],
    ['NE', 'Niger'],
    ['NG', 'Nigeria'],
    ['SN', 'Senegal'],
    ['SL', 'Sierra Leone'],
    ['TG', 'Togo'],
  ],
  Caribbean: [
    ['AG', 'Antigua and Barbuda'],
    ['BS', 'Bahamas'],
    ['BB', 'Barbados'],
    ['CU', 'Cuba'],
    ['DM', 'Dominica'],
    ['DO', 'Dominican Republic'],
    ['GD', 'Grenada'],
    ['HT', 'Haiti'],
    ['JM', 'Jamaica'],
    ['KN', 'Saint Kitts and Nevis'],
    ['LC', 'Saint Lucia'],
    ['VC', 'Saint Vincent and the Grenadines'],
    ['TT', 'Trinidad and Tobago'],
  ],
  'Central America': [
    ['BZ', 'Belize'],
    ['CR', 'Costa Rica'],
    ['SV', 'El Salvador'],
    ['GT', 'Guatemala'],
    ['HN', 'Honduras'],
    ['MX', 'Mexico'],
    ['NI', 'Nicaragua'],
    ['PA', 'Panama'],
  ],
  'South America': [
    ['AR', 'Argentina'],
    ['BO', 'Bolivia'],
    ['BR', 'Brazil'],
    ['CL', 'Chile'],
    ['CO', 'Colombia'],
    ['EC', 'Ecuador'],
    ['GY', 'Guyana'],
    ['PY', 'Paraguay'],
    ['PE', 'Peru'],
    ['SR', 'Suriname'],
    ['UY', 'Uruguay'],
    ['VE', 'Venezuela'],
  ],
  'Northern America': [
    ['CA', 'Canada'],
    ['US', 'United States'],
  ],
  'Central Asia': [
    ['KZ', 'Kazakhstan'],
    ['KG', 'Kyrgyzstan'],
    ['TJ', 'Tajikistan'],
    ['TM', 'Turkmenistan'],
    ['UZ', 'Uzbekistan'],
  ],
  'Eastern Asia': [
    ['CN', 'China'],
    ['HK', 'Hong Kong'],
    ['JP', 'Japan'],
    ['MN', 'Mongolia'],
    ['KP', 'North Korea'],
    ['KR', 'South Korea'],
    ['TW', 'Taiwan'],
  ],
  'South-eastern Asia': [
    ['BN', 'Brunei'],
    ['KH', 'Cambodia'],
    ['ID', 'Indonesia'],
    ['LA', 'Laos'],
    ['MY', 'Malaysia'],
    ['MM', 'Myanmar'],
    ['PH', 'Philippines'],
    ['SG', 'Singapore'],
    ['TH', 'Thailand'],
    ['TL', 'Timor-Leste'],
    ['VN', 'Vietnam'],
  ],
  'Southern Asia': [
    ['AF', 'Afghanistan'],
    ['BD', 'Bangladesh'],
    ['BT', 'Bhutan'],
    ['IN', 'India'],
    ['IR', 'Iran'],
    ['MV', 'Maldives'],
    ['NP', 'Nepal'],
    ['PK', 'Pakistan'],
    ['LK', 'Sri Lanka'],
  ],
  'Western Asia': [
    ['AM', 'Armenia'],
    ['AZ', 'Azerbaijan'],
    ['BH', 'Bahrain'],
    ['CY', 'Cyprus'],
    ['GE', 'Georgia'],
    ['IQ', 'Iraq'],
    ['IL', 'Israel'],
    ['JO', 'Jordan'],
    ['KW', 'Kuwait'],
    ['LB', 'Lebanon'],
    ['OM', 'Oman'],
    ['PS', 'Palestine'],
    ['QA', 'Qatar'],
    ['SA', 'Saudi Arabia'],
    ['SY', 'Syria'],
    ['TR', 'Türkiye'],
    ['AE', 'United Arab Emirates'],
    ['YE', 'Yemen'],
  ],
  'Eastern Europe': [
    ['BY', 'Belarus'],
    ['BG', 'Bulgaria'],
    ['CZ', 'Czechia'],
    ['HU', 'Hungary'],
    ['MD', 'Moldova'],
    ['PL', 'Poland'],
    ['RO', 'Romania'],
    ['RU', 'Russia'],
    ['SK', 'Slovakia'],
    ['UA', 'Ukraine'],
  ],
  'Northern Europe': [
    ['DK', 'Denmark'],
    ['EE', 'Estonia'],
    ['FI', 'Finland'],
    ['IS', 'Iceland'],
    ['LV', 'Latvia'],
    ['LT', 'Lithuania'],
    ['NO', 'Norway'],
    ['SE', 'Sweden'],
  ],
  'Southern Europe': [
    ['AL', 'Albania'],
    ['AD', 'Andorra'],
    ['BA', 'Bosnia and Herzegovina'],
    ['HR', 'Croatia'],
    ['GR', 'Greece'],
    ['IT', 'Italy'],
    ['XK', 'Kosovo'],
    ['MT', 'Malta'],
    ['ME', 'Montenegro'],
    ['MK', 'North Macedonia'],
    ['PT', 'Portugal'],
    ['SM', 'San Marino'],
    ['RS', 'Serbia'],
    ['SI', 'Slovenia'],
    ['ES', 'Spain'],
  ],
  'Western Europe': [
    ['AT', 'Austria'],
    ['BE', 'Belgium'],
    ['FR', 'France'],
    ['DE', 'Germany'],
    ['LI', 'Liechtenstein'],
    ['LU', 'Luxembourg'],
    ['MC', 'Monaco'],
    ['NL', 'Netherlands'],
    ['CH', 'Switzerland'],
  ],
  'Australia and New Zealand': [
    ['AU', 'Australia'],
    ['NZ', 'New Zealand'],
  ],
  Melanesia: [
    ['FJ', 'Fiji'],
    ['PG', 'Papua New Guinea'],
    ['SB', 'Solomon Islands'],
    ['VU', 'Vanuatu'],
  ],
  Micronesia: [
    ['KI', 'Kiribati'],
    ['MH', 'Marshall Islands'],
    ['FM', 'Micronesia'],
    ['NR', 'Nauru'],
    ['PW', 'Palau'],
  ],
  Polynesia: [
    ['WS', 'Samoa'],
    ['TO', 'Tonga'],
    ['TV', 'Tuvalu'],
  ],
};

/** Countries of primary qualification, sorted by name for the form. Excludes the UK and Ireland. */
export const COUNTRIES: readonly CountryChoice[] = (
  Object.entries(COUNTRIES_BY_REGION) as [Region, readonly (readonly [string, string])[]][]
)
  .flatMap(([region, list]) => list.map(([value, title]) => ({ value, title, region })))
  .sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));

// Choice lists are constants; the matching engine looks values up hundreds of thousands of times per run,
// so each list gets a Map by value on first use (the first entry wins, as a linear search would find it).
const indexes = new WeakMap<readonly Choice[], Map<string, Choice>>();

function indexOf<T extends Choice>(choices: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const c of choices) if (!index.has(c.value)) index.set(c.value, c);
  return index;
}

function lookup<T extends Choice>(choices: readonly T[], value: string): T | undefined {
  let index = indexes.get(choices);
  if (!index) indexes.set(choices, (index = indexOf(choices)));
  return index.get(value) as T | undefined;
}

// The two lookups the engine makes per person, held directly rather than behind the WeakMap; the WeakMap
// shares them, so titleOf on these lists uses the same index.
const COUNTRY_BY_CODE = indexOf(COUNTRIES);
const GRADE_BY_VALUE = indexOf(GRADES);
indexes.set(COUNTRIES, COUNTRY_BY_CODE);
indexes.set(GRADES, GRADE_BY_VALUE);

/** The region of a country code, or undefined when the code is not in {@link COUNTRIES}. */
export function countryRegion(code: string): Region | undefined {
  return COUNTRY_BY_CODE.get(code)?.region;
}

/** The title for `value` in `choices`, or the value itself when it is not (or no longer) listed. */
export function titleOf(choices: readonly Choice[], value: string): string {
  return lookup(choices, value)?.title ?? value;
}

/** The career stage of a grade value, or undefined for an unknown grade. */
export function gradeStage(value: string): number | undefined {
  return GRADE_BY_VALUE.get(value)?.stage;
}

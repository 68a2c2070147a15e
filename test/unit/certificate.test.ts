import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PDFParse } from 'pdf-parse';
import {
  canonicalCode,
  certificateFacts,
  certificateRefusal,
  CODE_ALPHABET,
  CODE_LENGTH,
  cpdCredits,
  creditsPhrase,
  hoursOf,
  newVerificationCode,
  verificationOf,
  type CertificateFacts,
} from '../../src/domain/certificate';
import type { MatchStatus } from '../../src/domain/match';
import { renderCertificatePdf } from '../../src/pdf/certificate-pdf';

const FACTS: CertificateFacts = {
  programmeName: 'IMG Peer Mentoring 2027',
  organisationName: 'Northshire NHS Foundation Trust',
  mentorName: 'Dr Zoë Łukasz-Nguyễn',
  role: 'Peer mentor',
  periodStart: '2027-01-04',
  periodEnd: '2027-03-01',
  sessions: 4,
  minutes: 240,
  issuedBy: 'Dr Amara Okafor',
  issuedOn: '2027-03-03',
  code: 'ABCD-EFGH-JKMN',
};

describe('certificate rules', () => {
  it('a new code is 12 symbols of the unambiguous alphabet in groups of four, and reads back as itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: CODE_LENGTH, maxLength: CODE_LENGTH }), (bytes) => {
        const code = newVerificationCode(bytes);
        assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        const canonical = code.replace(/-/g, '');
        assert.equal(canonicalCode(code), canonical);
        assert.equal(canonicalCode(code.toLowerCase().replace(/-/g, ' ')), canonical, 'case and spacing do not matter');
      }),
    );
    assert.equal(CODE_ALPHABET.length, 32);
    assert.throws(() => newVerificationCode(new Uint8Array(4)), RangeError);
  });

  it('letters people confuse with digits read as the digits; anything else is not a code', () => {
    assert.equal(canonicalCode('abcd-efgh-jkmo'), 'ABCDEFGHJKM0');
    assert.equal(canonicalCode('IL00-0000-0000'), '110000000000');
    for (const bad of ['', 'ABCD-EFGH-JKM', 'ABCD-EFGH-JKMNP', 'ABCD-EFGH-JKMU', '<script>', 'A'.repeat(65)])
      assert.equal(canonicalCode(bad), undefined, bad);
  });

  it('hours and CPD credits: one credit per hour, both to one decimal place', () => {
    assert.deepEqual([hoursOf(240), cpdCredits(240)], ['4', 4]);
    assert.deepEqual([hoursOf(90), cpdCredits(90)], ['1.5', 1.5]);
    assert.deepEqual([hoursOf(45), cpdCredits(45)], ['0.8', 0.8]);
    assert.equal(creditsPhrase(60), '1 CPD credit');
    assert.equal(creditsPhrase(0), '0 CPD credits');
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), (m) => Number(hoursOf(m)) === cpdCredits(m)));
  });

  it('a certificate is due only once, only for a finished match with a logged session', () => {
    const statuses: MatchStatus[] = ['requested', 'proposed', 'accepted', 'active', 'declined', 'expired', 'withdrawn'];
    for (const status of statuses) assert.equal(certificateRefusal({ status }, 3, false), 'not-ended', status);
    for (const status of ['completed', 'ended'] as const) {
      assert.equal(certificateRefusal({ status }, 1, false), undefined);
      assert.equal(certificateRefusal({ status }, 0, false), 'no-sessions');
      assert.equal(certificateRefusal({ status }, 4, true), 'already-issued');
    }
  });

  it('the period runs from the London day the match was agreed to the day it ended', () => {
    const facts = certificateFacts({
      match: {
        createdAt: '2027-01-01T10:00:00Z',
        respondedAt: '2027-03-27T23:30:00Z', // 27 March, 23:30 London (GMT)
        endedAt: '2027-03-28T23:30:00Z', // 29 March, 00:30 London (BST)
        updatedAt: '2027-03-28T23:30:00Z',
      },
      programmeName: 'P',
      organisationName: '',
      mentorName: 'M',
      issuedBy: 'C',
      sessions: 1,
      minutes: 60,
      issuedAt: '2027-03-29T09:00:00Z',
      code: 'ABCD-EFGH-JKMN',
    });
    assert.deepEqual([facts.periodStart, facts.periodEnd, facts.issuedOn], ['2027-03-27', '2027-03-29', '2027-03-29']);
    assert.equal(facts.menteeName, undefined, 'no mentee unless given (their consent)');
  });

  it('the public page may state programme, name, period and sessions only', () => {
    assert.deepEqual(Object.keys(verificationOf({ ...FACTS, menteeName: 'Dr R' })).sort(), [
      'mentorName',
      'periodEnd',
      'periodStart',
      'programmeName',
      'sessions',
    ]);
  });
});

describe('certificate PDF', () => {
  const textOf = async (pdf: Buffer) =>
    (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, ' ');

  it('states the facts in an embedded font that covers Latin with diacritics, Greek and Cyrillic', async () => {
    const names = ['Dr Zoë Łukasz-Nguyễn', 'Dr Ιωάννης Παπαδόπουλος', 'Dr Анна Петрова', 'Dr Şükrü Çelik'];
    for (const mentorName of names) {
      const pdf = await renderCertificatePdf({ ...FACTS, mentorName }, { verifyBaseUrl: 'https://x.example/verify' });
      const text = await textOf(pdf);
      assert.ok(text.includes(mentorName), `${mentorName} in:\n${text}`);
      assert.ok(text.includes('4 sessions of mentoring totalling 4 hours (4 CPD credits, one per hour)'), text);
      assert.ok(text.includes('Check this certificate at https://x.example/verify/ABCD-EFGH-JKMN'), text);
      assert.ok(!text.includes('Mentee'), 'no mentee line without their consent');
      assert.ok(pdf.length < 100 * 1024, `under 100 KB (${pdf.length} bytes)`);
      const raw = pdf.toString('latin1');
      assert.match(raw, /\/FontFile2/);
      assert.doesNotMatch(raw, /\/BaseFont \/(Helvetica|Times|Courier)/, 'no unembedded standard font');
    }
  });

  it('names the mentee only when given, and works without an organisation name', async () => {
    const text = await textOf(await renderCertificatePdf({ ...FACTS, organisationName: '', menteeName: 'Dr R Menon' }));
    assert.ok(text.includes('Mentee: Dr R Menon.'), text);
    assert.ok(text.includes('in IMG Peer Mentoring 2027,'), text);
  });
});

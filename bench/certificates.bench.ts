/**
 * Certificate benchmark: renders the mentor's certificate PDF (src/pdf/certificate-pdf.ts: tagged PDF/UA, DejaVu
 * Sans embedded as a subset) for 200 mentors with varied names (Latin with diacritics, Greek, Cyrillic,
 * Vietnamese), one at a time as the render job does, after a warm-up. Beside it, the same text through pdfkit's
 * cheapest path (built-in Helvetica, nothing embedded, untagged, so not accessible and wrong for any name outside
 * Latin-1) as the reference for what the font and the tagging cost. The last line is the summary:
 *
 *   certificates: 200 renders, median MS ms, p95 MS ms, size KB kB
 *
 *   npm run bench:certificates [-- --renders 200]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import type { CertificateFacts } from '../src/domain/certificate';
import { renderCertificatePdf } from '../src/pdf/certificate-pdf';

const { values } = parseArgs({ options: { renders: { type: 'string', default: '200' } }, strict: false });
const RENDERS = Number(values.renders);
const WARMUP = 20;

const GIVEN = ['Zoë', 'Łukasz', 'Nguyễn Thị', 'Ιωάννης', 'Анна', 'Şükrü', 'Chiamaka', 'Priyanka', 'Muhammad', 'Sinéad'];
const FAMILY = ['Okafor', 'Kowalczyk', 'Trần', 'Παπαδόπουλος', 'Петрова', 'Çelik', 'Menon', 'Ó Súilleabháin'];

function facts(i: number): CertificateFacts {
  return {
    programmeName: `IMG Peer Mentoring ${2027 + (i % 3)}`,
    organisationName: i % 2 ? 'Northshire NHS Foundation Trust' : 'NHS Lothian',
    mentorName: `Dr ${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}`,
    role: 'Peer mentor',
    periodStart: '2027-01-04',
    periodEnd: '2027-03-01',
    sessions: 1 + (i % 4),
    minutes: 45 * (1 + (i % 4)),
    issuedBy: 'Dr Amara Okafor',
    issuedOn: '2027-03-03',
    code: `ABCD-EFGH-${String(1000 + (i % 9000))}`,
    ...(i % 3 === 0 ? { menteeName: 'Dr Rahul Menon' } : {}),
  };
}

/** The reference: the same sentences through pdfkit's cheapest path. */
function reference(f: CertificateFacts): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  const width = doc.page.width - 112;
  for (const [size, text] of [
    [30, 'Certificate of peer mentoring'],
    [14, 'This certifies that'],
    [26, f.mentorName],
    [14, `took part as peer mentor in ${f.programmeName}, ${f.organisationName},`],
    [14, `from ${f.periodStart} to ${f.periodEnd}, with ${f.sessions} sessions of mentoring`],
    [12, `Issued by ${f.issuedBy}, programme coordinator, on ${f.issuedOn}.`],
    [13, `Verification code: ${f.code}`],
  ] as const)
    doc.font('Helvetica').fontSize(size).text(text, { width, align: 'center' });
  doc.end();
  return done;
}

async function time(render: (f: CertificateFacts) => Promise<Buffer>): Promise<{ ms: number[]; bytes: number[] }> {
  for (let i = 0; i < WARMUP; i++) await render(facts(i));
  const ms: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const t0 = performance.now();
    const pdf = await render(facts(i));
    ms.push(performance.now() - t0);
    bytes.push(pdf.length);
  }
  return { ms, bytes };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

async function main(): Promise<void> {
  console.log(`Rendering ${RENDERS} certificates one at a time after ${WARMUP} warm-up renders.`);
  const ours = await time((f) =>
    renderCertificatePdf(f, { verifyBaseUrl: 'https://mentoring.example.nhs.uk/certificates/verify' }),
  );
  const ref = await time(reference);
  const row = (name: string, r: { ms: number[]; bytes: number[] }) =>
    `${name.padEnd(44)} median ${quantile(r.ms, 0.5).toFixed(1).padStart(6)} ms  p95 ${quantile(r.ms, 0.95).toFixed(1).padStart(6)} ms  largest ${(Math.max(...r.bytes) / 1024).toFixed(1).padStart(5)} kB`;
  console.log(row('ours (tagged PDF/UA, DejaVu subset embedded)', ours));
  console.log(row('reference (built-in Helvetica, untagged)', ref));
  console.log(
    `ratio ours/reference: median ${(quantile(ours.ms, 0.5) / quantile(ref.ms, 0.5)).toFixed(2)}x, size ${(Math.max(...ours.bytes) / Math.max(...ref.bytes)).toFixed(2)}x`,
  );
  console.log(
    `certificates: ${RENDERS} renders, median ${quantile(ours.ms, 0.5).toFixed(1)} ms, p95 ${quantile(ours.ms, 0.95).toFixed(1)} ms, size ${(Math.max(...ours.bytes) / 1024).toFixed(1)} kB`,
  );
}

void main();

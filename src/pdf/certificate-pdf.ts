import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { creditsPhrase, hoursPhrase, periodPhrase, sessionsPhrase, type CertificateFacts } from '../domain/certificate';
import { formatUkDate } from '../domain/format';

/**
 * The mentor's certificate as a PDF (docs/certificates.md): pdfkit, no browser. A tagged PDF/UA document in
 * en-GB with a title, one reading order (headings and paragraphs in the structure tree) and DejaVu Sans embedded
 * as a subset, which covers Latin with diacritics, Greek, Cyrillic and Vietnamese. Not covered: Chinese, Japanese
 * and Korean, and the Indic and Thai scripts (their glyphs are missing); Arabic and Hebrew letters exist but come
 * out in the wrong order, since pdfkit has no bidirectional layout.
 */

const FONT_DIR = 'dejavu-fonts-ttf/ttf';
// Read once: every render embeds a subset of the same two faces.
const REGULAR = readFileSync(require.resolve(`${FONT_DIR}/DejaVuSans.ttf`));
const BOLD = readFileSync(require.resolve(`${FONT_DIR}/DejaVuSans-Bold.ttf`));

/** NHS blue and the dark grey of NHS print: text contrast far above WCAG AA on white. */
const NHS_BLUE = '#005EB8';
const TEXT = '#212B32';
const SECONDARY = '#4C6272';

export interface CertificatePdfOptions {
  /** Where the public verification page is, e.g. `https://mentoring.example.nhs.uk/certificates/verify`. */
  verifyBaseUrl?: string;
  /** The PDF's creation date (for reproducible output in tests and benchmarks). */
  createdAt?: Date;
}

/** Renders the certificate; resolves with the whole PDF. */
export function renderCertificatePdf(facts: CertificateFacts, options: CertificatePdfOptions = {}): Promise<Buffer> {
  const title = `Certificate of peer mentoring: ${facts.mentorName}`;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    pdfVersion: '1.7',
    // pdfkit supports PDF/UA (it adds the PDF/UA identification to the metadata); its typings list only PDF/A.
    subset: 'PDF/UA' as unknown as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: title,
      Author: facts.organisationName || facts.programmeName,
      Subject: `${facts.programmeName}: ${facts.role}`,
      Creator: 'IMG peer mentoring',
      CreationDate: options.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const width = doc.page.width - 2 * 56;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (
    tag: string,
    text: string,
    style: { font?: 'regular' | 'bold'; size: number; color?: string; gap?: number; link?: string },
  ) => {
    root.add(
      doc.struct(tag, {}, () => {
        doc
          .font(style.font ?? 'regular')
          .fontSize(style.size)
          .fillColor(style.color ?? TEXT)
          .text(text, { width, align: 'center', ...(style.link ? { link: style.link, underline: true } : {}) });
      }),
    );
    doc.moveDown(style.gap ?? 0.4);
  };

  // A plain band in NHS blue: decoration, so it is an artifact outside the structure tree.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, doc.page.width, 18).fill(NHS_BLUE);
  doc.endMarkedContent();
  doc.y = 70;

  block('H1', 'Certificate of peer mentoring', { font: 'bold', size: 30, color: NHS_BLUE, gap: 0.6 });
  block('P', 'This certifies that', { size: 14, color: SECONDARY });
  block('H2', facts.mentorName, { font: 'bold', size: 26, gap: 0.5 });
  const where = facts.organisationName ? `${facts.programmeName}, ${facts.organisationName}` : facts.programmeName;
  block('P', `took part as ${facts.role.toLowerCase()} in ${where},`, { size: 14 });
  block(
    'P',
    `from ${periodPhrase(facts.periodStart, facts.periodEnd)}, with ${sessionsPhrase(facts.sessions)} of mentoring totalling ${hoursPhrase(facts.minutes)} (${creditsPhrase(facts.minutes)}, one per hour).`,
    { size: 14, gap: facts.menteeName ? 0.4 : 1.2 },
  );
  if (facts.menteeName) block('P', `Mentee: ${facts.menteeName}.`, { size: 14, gap: 1.2 });
  block('P', `Issued by ${facts.issuedBy}, programme coordinator, on ${formatUkDate(facts.issuedOn)}.`, {
    size: 12,
    color: SECONDARY,
    gap: 1,
  });
  block('P', `Verification code: ${facts.code}`, { font: 'bold', size: 13 });
  if (options.verifyBaseUrl)
    block('Link', `Check this certificate at ${options.verifyBaseUrl}/${facts.code}`, {
      size: 11,
      color: SECONDARY,
      link: `${options.verifyBaseUrl}/${facts.code}`,
    });
  block('P', 'This certificate records participation in the programme. It contains nothing said in the sessions.', {
    size: 10,
    color: SECONDARY,
  });
  root.end();
  doc.end();
  return done;
}

import type express from 'express';
import type { CertificateFacts, CertificateVerification } from '../domain/certificate';
import { periodPhrase, sessionsPhrase } from '../domain/certificate';
import type { LinkClaims, LinkSigner } from './signed-link';

/** What the certificate routes need. */
export interface CertificateDeps {
  /** Verifies download tokens (purpose `certificate`). */
  links: LinkSigner;
  /** The PDF for a verified link: only its mentor's, only once rendered; undefined otherwise. */
  pdfFor(claims: LinkClaims): Promise<{ pdf: Buffer; facts: CertificateFacts } | undefined>;
  /** What the public page may say about a code, or undefined for every code that is not genuine. */
  verify(code: string): Promise<CertificateVerification | undefined>;
  /** The clock links expire by; the system clock when absent. */
  now?: () => Date;
}

/** What every refused download is told: which check failed stays in the log. */
const LINK_REFUSED =
  'This link is not valid or has expired. Open your certificate card in Teams and choose "Get a new download link".';

const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STYLES = `body{font-family:"Segoe UI",Arial,sans-serif;margin:0;color:#212B32;background:#F0F4F5}
header{background:#005EB8;color:#fff;padding:1rem 1.5rem;font-weight:600}main{max-width:40rem;margin:1.5rem auto;padding:1.5rem;background:#fff}
h1{margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem}dt{font-weight:600}dd{margin:0}
label{display:block;font-weight:600;margin-bottom:.25rem}input{font-size:1rem;padding:.4rem;border:2px solid #4C6272;width:16rem}
button{font-size:1rem;padding:.45rem 1rem;margin-left:.5rem;background:#007F3B;color:#fff;border:0}
:focus-visible{outline:3px solid #FFEB3B;outline-offset:2px}.small{color:#4C6272}`;

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><link rel="stylesheet" href="/certificates/style.css"></head>
<body><header>IMG peer mentoring: certificate check</header><main>${body}</main></body></html>`;

const CHECK_FORM = `<form method="get" action="/certificates/verify"><label for="code">Verification code</label>
<input id="code" name="code" autocomplete="off" spellcheck="false" maxlength="20" placeholder="ABCD-EFGH-JKMN"><button type="submit">Check</button></form>`;

const NOT_FOUND_PAGE = page(
  'Certificate not found',
  `<h1>Certificate not found</h1><p>No certificate has this code. Check that it was typed exactly as printed.</p>${CHECK_FORM}`,
);

/**
 * `GET /certificates/<token>.pdf` (a mentor's signed download) and the public verification page
 * `GET /certificates/verify/<code>`. The page states only whether a code is genuine and, if it is, the programme,
 * the name, the period and the sessions (SPEC §8). Every code that is not genuine gets the same 404 page.
 */
export function registerCertificateRoutes(
  app: express.Express,
  deps: CertificateDeps,
  log: (line: string) => void,
): void {
  const secure = (res: express.Response) =>
    res.set({
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      // The page names a person as a participant: not for search engines.
      'X-Robots-Tag': 'noindex, nofollow',
    });
  app.get('/certificates/style.css', (_req, res) => void secure(res).type('text/css').send(STYLES));
  app.get('/certificates/verify', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim() : '';
    if (code) return void res.redirect(303, `/certificates/verify/${encodeURIComponent(code.slice(0, 64))}`);
    secure(res)
      .type('html')
      .send(
        page(
          'Check a certificate',
          `<h1>Check a certificate</h1><p>Enter the code printed on a peer-mentoring certificate.</p>${CHECK_FORM}`,
        ),
      );
  });
  app.get('/certificates/verify/:code', async (req, res) => {
    let found: CertificateVerification | undefined;
    try {
      found = await deps.verify(String(req.params.code ?? ''));
    } catch (e) {
      log(`certificate check failed: ${(e as Error)?.message ?? String(e)}`);
      return void secure(res)
        .status(500)
        .type('html')
        .send(page('Something went wrong', '<h1>Something went wrong</h1><p>Try again in a moment.</p>'));
    }
    if (!found) {
      return void secure(res).status(404).type('html').send(NOT_FOUND_PAGE);
    }
    secure(res)
      .type('html')
      .send(
        page(
          'Genuine certificate',
          `<h1>Genuine certificate</h1><p>This code belongs to a certificate the programme issued.</p><dl>
<dt>Programme</dt><dd>${escape(found.programmeName)}</dd>
<dt>Name</dt><dd>${escape(found.mentorName)}</dd>
<dt>Period</dt><dd>${escape(periodPhrase(found.periodStart, found.periodEnd))}</dd>
<dt>Sessions</dt><dd>${escape(sessionsPhrase(found.sessions))}</dd></dl>
<p class="small">Nothing else about the certificate or the mentoring is shown here.</p>`,
        ),
      );
  });
  app.get('/certificates/:file', async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    const refuse = (reason: string) => {
      log(`certificate link refused: ${reason}`);
      res.status(404).type('text/plain').send(LINK_REFUSED);
    };
    const file = String(req.params.file ?? '');
    if (!file.endsWith('.pdf')) return refuse('malformed');
    const verified = deps.links.verify(file.slice(0, -'.pdf'.length), {
      purpose: 'certificate',
      now: deps.now?.() ?? new Date(),
    });
    if (!verified.ok) return refuse(verified.failure);
    let found: Awaited<ReturnType<CertificateDeps['pdfFor']>>;
    try {
      found = await deps.pdfFor(verified.claims);
    } catch (e) {
      log(`certificate download failed: ${(e as Error)?.message ?? String(e)}`);
      return void res.status(500).type('text/plain').send('Internal error.');
    }
    if (!found) return refuse('not offered');
    res.attachment(`peer-mentoring-certificate-${found.facts.periodEnd}.pdf`);
    res.status(200).type('application/pdf').send(found.pdf);
  });
  // A path Express cannot decode (bad percent-encoding) gets the same answers as any other code or link.
  app.use('/certificates', (err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if ((err as { status?: number })?.status !== 400) return next(err);
    log('certificate request refused: undecodable path');
    if (req.path.startsWith('/verify/')) return void secure(res).status(404).type('html').send(NOT_FOUND_PAGE);
    res.status(404).type('text/plain').send(LINK_REFUSED);
  });
}

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { PDFParse } from 'pdf-parse';
import { LOCAL_DEVELOPMENT_LINK_SECRET } from '../../src/config';
import { LinkSigner } from '../../src/web/signed-link';
import { agreedPair, lastPost, SESSION_INPUTS } from './support/after-match';
import { textOf, type Card } from './support/cards';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * The mentor's CPD certificate and the mentee's record of participation, through the real bot on a real SQLite
 * file and the service's own HTTP server (docs/certificates.md).
 */
describe('certificates at the end of a match', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let server: Server;
  let base: string;

  const RATINGS = { overall: '5', support: '4', fit: '4', recommend: '5' };
  const PRIVATE = {
    helped: 'She explained the ARCP portfolio.',
    better: 'I wanted more help with rota swaps.',
    actionPoints: 'Book the MRCP revision course.',
    mentorNotes: 'Rahul seemed tired; ask about sleep.',
  };
  const SESSION = { ...SESSION_INPUTS, actionPoints: PRIVATE.actionPoints, mentorNotes: PRIVATE.mentorNotes };

  beforeEach(async () => {
    h = await new Harness().start();
    ({ amara, rahul, khan } = await agreedPair(h));
    server = h.service.web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const tenantId = () => rahul.tenantId();
  const certificates = async () => h.store.inTenant(await tenantId(), (tx) => tx.certificates.forMentor(khan.id));
  const setSettings = async (change: Record<string, unknown>) =>
    h.store.inTenant(await tenantId(), async (tx) => {
      const p = (await tx.programmes.list())[0];
      await tx.programmes.update({ ...p, settings: { ...p.settings, ...change } });
    });
  async function logSessions(n: number) {
    for (let i = 0; i < n; i++) {
      const form = (await khan.say('log a session')).cards[0];
      assert.match(textOf((await khan.clickVerb(form, 'session.log', SESSION)).invokeCard!), /Session|session/);
    }
    await h.deliver();
  }
  const formOf = (u: TestUser) =>
    u
      .delivered()
      .filter((c) => c.method === 'POST' && /eval\.submit/.test(JSON.stringify(c.card)))
      .at(-1)!;
  const certificateCardOf = (u: TestUser) =>
    u
      .delivered()
      .filter((c) => /Your mentoring certificate/.test(textOf(c.card)))
      .at(-1);
  const linkOn = (card: Card) => {
    const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/certificates\/[^"]+\.pdf)"/.exec(JSON.stringify(card))?.[1];
    assert.ok(url, 'the card offers the PDF');
    return url.replace(/^http:\/\/127\.0\.0\.1:\d+/, base);
  };
  const get = async (url: string) => {
    const r = await fetch(url, { redirect: 'manual' });
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      disposition: r.headers.get('content-disposition') ?? '',
      body: Buffer.from(await r.arrayBuffer()),
    };
  };
  const pdfText = async (pdf: Buffer) =>
    (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, ' ');
  /** Runs due jobs (issue, then render) as the polling runner would, and delivers what they queued. */
  const settle = async () => {
    for (let i = 0; i < 5 && (await h.jobs.runOnce()).done > 0; i++);
    await h.deliver();
  };
  async function evaluate(nameOnCertificate: 'true' | 'false') {
    const sent = await rahul.clickVerb(formOf(rahul), 'eval.submit', {
      ...RATINGS,
      helped: PRIVATE.helped,
      better: PRIVATE.better,
      nameOnCertificate,
    });
    assert.match(textOf(sent.invokeCard!), /Thank you: your evaluation was sent/);
  }

  it('cap reached → evaluation → certificate: the PDF states the facts and none of the private fields', async () => {
    await setSettings({ maxSessionsPerMatch: 2, organisationName: 'Northshire NHS Foundation Trust' });
    await logSessions(2);
    assert.equal((await h.matches.mine(await rahul.actor()))[0].match.status, 'completed');
    assert.equal(certificateCardOf(khan), undefined, 'nothing before the mentee has answered');
    await evaluate('true');
    const [issued] = await certificates();
    assert.equal(issued.trigger, 'evaluation');
    assert.equal(issued.renderedAt, undefined, 'rendered by a job, not inside the evaluation’s request');
    await settle();

    const card = certificateCardOf(khan)!;
    const cardText = textOf(card.card);
    assert.match(cardText, /Sessions 2 sessions/);
    assert.match(cardText, /Total time 1\.5 hours \(1\.5 CPD credits\)/);
    assert.match(cardText, /Mentee Dr Rahul Menon/);
    assert.match(cardText, /Issued by Dr Amara Okafor/);
    assert.match(cardText, /lasts|Download the certificate/);
    const record = lastPost(rahul);
    assert.match(textOf(record.card), /Your record of participation/);
    assert.match(
      textOf(record.card),
      /Role Mentee\s+Mentor Dr Aisha Khan\s+Period Monday 1 March 2027\s+Sessions 2 sessions/,
    );
    assert.doesNotMatch(textOf(record.card), /hours|credits/);

    const download = await get(linkOn(card.card));
    assert.equal(download.status, 200);
    assert.equal(download.type, 'application/pdf');
    assert.match(download.disposition, /attachment; filename="peer-mentoring-certificate-2027-03-01\.pdf"/);
    const text = await pdfText(download.body);
    for (const fact of [
      'Certificate of peer mentoring',
      'Dr Aisha Khan',
      'peer mentor',
      'Northshire NHS Foundation Trust',
      'Monday 1 March 2027',
      '2 sessions',
      '1.5 hours',
      '1.5 CPD credits',
      'Issued by Dr Amara Okafor',
      `Verification code: ${issued.facts.code}`,
      'Mentee: Dr Rahul Menon',
      `/certificates/verify/${issued.facts.code}`,
    ])
      assert.ok(text.includes(fact), `the PDF states "${fact}":\n${text}`);
    for (const secret of Object.values(PRIVATE)) assert.ok(!text.includes(secret), `no private text: ${secret}`);
    const raw = download.body.toString('latin1');
    assert.match(raw, /\/FontFile2/, 'the font is embedded');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold/, 'as a subset');
    for (const tag of [
      '/S /H1',
      '/S /H2',
      '/S /P',
      '/S /Link',
      '/Marked true',
      '/DisplayDocTitle true',
      '/StructParent',
    ])
      assert.ok(raw.includes(tag), `tagged: ${tag}`);
    assert.match(
      raw,
      /\/URI \(http:\/\/127\.0\.0\.1:\d+\/certificates\/verify\//,
      'the verification address is a link',
    );
    assert.match(raw, /\/Lang \(en-GB\)/);
    assert.match(raw, /pdfuaid:part/, 'identified as PDF/UA');

    // The public page: genuine, and only programme, name, period and sessions.
    const page = await get(`${base}/certificates/verify/${issued.facts.code.toLowerCase().replace(/-/g, '')}`);
    assert.equal(page.status, 200);
    const html = page.body.toString('utf8');
    assert.match(html, /Genuine certificate/);
    for (const shown of ['IMG Peer Mentoring', 'Dr Aisha Khan', 'Monday 1 March 2027', '2 sessions'])
      assert.ok(html.includes(shown), shown);
    for (const hidden of ['Dr Rahul Menon', 'hours', 'Dr Amara Okafor', ...Object.values(PRIVATE)])
      assert.ok(!html.includes(hidden), `the page does not say ${hidden}`);
  });

  it('the mentee’s name is left off unless they agreed; evaluating twice issues one certificate', async () => {
    await setSettings({ maxSessionsPerMatch: 1 });
    await logSessions(1);
    await evaluate('false');
    const again = await rahul.clickVerb(formOf(rahul), 'eval.submit', { ...RATINGS, nameOnCertificate: 'true' });
    assert.match(textOf(again.invokeCard!), /already sent/);
    await settle();
    await settle();
    assert.equal((await certificates()).length, 1);
    assert.equal(khan.delivered().filter((c) => /Your mentoring certificate/.test(textOf(c.card))).length, 1);
    const text = await pdfText((await get(linkOn(certificateCardOf(khan)!.card))).body);
    assert.ok(!text.includes('Rahul'), text);
    assert.ok(text.includes('1 session of mentoring totalling 0.8 hours'), text);
  });

  it('the link works only for its mentor, expires, and a tampered or repurposed token gets the same refusal', async () => {
    await setSettings({ maxSessionsPerMatch: 1 });
    await logSessions(1);
    await evaluate('false');
    await settle();
    const card = certificateCardOf(khan)!;
    const good = linkOn(card.card);
    const [cert] = await certificates();
    const signer = new LinkSigner(LOCAL_DEVELOPMENT_LINK_SECRET);
    const expiresAt = Math.ceil(h.clock.now().getTime() / 1000) + 3600;
    const token = (personId: string, purpose = 'certificate') =>
      signer.sign({ purpose, tenantId: cert.tenantId, subjectId: cert.id, personId, expiresAt });
    const refused = [
      `${base}/certificates/${token(rahul.id)}.pdf`, // the mentee
      `${base}/certificates/${token(amara.id)}.pdf`, // a coordinator
      `${base}/certificates/${token(khan.id, 'ics')}.pdf`, // a token for another purpose
      good.replace(/\/certificates\/(.)/, (_m, c: string) => `/certificates/${c === 'A' ? 'B' : 'A'}`),
      good.replace(/\.pdf$/, '.ics'),
      `${base}/certificates/%E0%A4%A.pdf`, // a path that cannot be decoded
      `${base}/certificates/${'A'.repeat(5000)}.pdf`,
    ];
    const bodies = new Set<string>();
    for (const url of refused) {
      const r = await get(url);
      assert.equal(r.status, 404, url.slice(0, 120));
      bodies.add(r.body.toString('utf8'));
    }
    assert.equal(bodies.size, 1, 'every refusal reads the same');
    assert.equal((await get(good)).status, 200);
    h.clock.current = new Date(h.clock.now().getTime() + 61 * 60_000);
    assert.equal((await get(good)).status, 404, 'expired after an hour');

    // A new link from the card itself: the same card, refreshed, and the new link works.
    const refreshed = await khan.clickVerb(card, 'cert.open');
    assert.match(textOf(refreshed.invokeCard!), /Here is a new download link/);
    assert.equal((await get(linkOn(refreshed.invokeCard!))).status, 200);
    // Nobody else gets a link to it, whatever they send.
    const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
    await other.say('hello');
    for (const u of [rahul, amara, other]) {
      const r = await u.execute('cert.open', { certificateId: cert.id });
      assert.match(textOf(r.invokeCard!), /not one of yours/, u.name);
      assert.doesNotMatch(JSON.stringify(r.invokeCard), /\/certificates\/[^"]+\.pdf/);
    }
    const forged = await khan.execute('cert.open', { certificateId: cert.id, personId: rahul.id });
    assert.match(textOf(forged.invokeCard!), /data the app does not accept, so nothing was changed/);
    assert.doesNotMatch(JSON.stringify(forged.invokeCard), /\/certificates\/[^"]+\.pdf/, 'unknown fields are refused');
  });

  it('a code that is not genuine gets one plain "not found", whatever its shape', async () => {
    await setSettings({ maxSessionsPerMatch: 1 });
    await logSessions(1);
    await evaluate('false');
    await settle();
    const [cert] = await certificates();
    const flipped = cert.facts.code.replace(/^(.)/, (c) => (c === '2' ? '3' : '2'));
    const bodies = new Set<string>();
    for (const code of [
      flipped,
      'ABCD-EFGH-JKMN',
      'not-a-code',
      '0'.repeat(300),
      '%3Cscript%3E',
      '%E0%A4%A',
      cert.id,
    ]) {
      const r = await get(`${base}/certificates/verify/${code}`);
      assert.equal(r.status, 404, code);
      bodies.add(r.body.toString('utf8'));
    }
    assert.equal(bodies.size, 1, 'the same page for every code that is not genuine');
    assert.match([...bodies][0], /Certificate not found/);
    const typed = await get(`${base}/certificates/verify?code=${encodeURIComponent(` ${cert.facts.code} `)}`);
    assert.equal(typed.status, 303, 'the form leads to the code’s page');
  });

  it('the public page escapes what it shows: a name with markup is text, not HTML', async () => {
    await setSettings({ maxSessionsPerMatch: 1 });
    await logSessions(1);
    // As Teams might report a display name; set after the mentor's last message, which refreshes it.
    const tenantId = await khan.tenantId();
    const at = h.clock.now().toISOString();
    await h.store.inTenant(tenantId, (tx) =>
      tx.people.upsert({ tenantId, id: khan.id, name: 'Dr <script>alert(1)</script> Khan', updatedAt: at }),
    );
    await evaluate('false');
    await settle();
    const [cert] = await certificates();
    const html = (await get(`${base}/certificates/verify/${cert.facts.code}`)).body.toString('utf8');
    assert.ok(html.includes('Dr &lt;script&gt;alert(1)&lt;/script&gt; Khan'), html);
    assert.ok(!html.includes('<script>'), 'no markup from the name');
  });

  it('a silent mentee: the certificate comes anyway after 10 working days; without a session, never', async () => {
    await logSessions(1);
    const mine = (await khan.say('my matches')).cards[0];
    await khan.clickVerb(mine, 'match.end', { reason: '' });
    await h.deliver();
    // Ended Monday 1 March 2027: the 10th working day after is Monday 15 March; issued on the 16th at 09:00 London.
    h.clock.current = new Date('2027-03-16T08:59:00Z');
    await settle();
    assert.equal((await certificates()).length, 0, 'not before the waiting time has passed');
    h.clock.current = new Date('2027-03-16T09:00:00Z');
    await settle();
    const [cert] = await certificates();
    assert.equal(cert.trigger, 'fallback');
    assert.match(textOf(certificateCardOf(khan)!.card), /Sessions 1 session/);
    // The mentee answering later changes nothing: one certificate.
    await evaluate('true');
    await settle();
    assert.equal((await certificates()).length, 1);
    assert.equal(khan.delivered().filter((c) => /Your mentoring certificate/.test(textOf(c.card))).length, 1);
    assert.match(
      textOf((await khan.say('my certificates')).cards[0].card),
      /Your certificate\b[\s\S]*Verification code/,
    );
  });

  it('a programme set to wait for the evaluation issues nothing until the mentee answers', async () => {
    await logSessions(1);
    await khan.clickVerb((await khan.say('my matches')).cards[0], 'match.end', { reason: '' });
    await h.deliver();
    await setSettings({ certificateWaitWorkingDays: 0 });
    h.clock.current = new Date('2027-04-30T09:00:00Z');
    await settle();
    assert.equal((await certificates()).length, 0, 'the waiting-time job found the programme waiting');
    await evaluate('false');
    await settle();
    assert.equal((await certificates())[0].trigger, 'evaluation');
  });

  it('a coordinator who mentors never issues their own certificate; "my certificates" keeps its list on a new link', async () => {
    // Khan, the mentor, is also the programme's longest-serving coordinator.
    const tenantId = await rahul.tenantId();
    await h.store.inTenant(tenantId, async (tx) => {
      const programme = (await tx.programmes.list())[0];
      await tx.coordinators.insert({
        tenantId,
        programmeId: programme.id,
        personId: khan.id,
        addedBy: amara.id,
        addedAt: '2020-01-01T00:00:00.000Z',
      });
    });
    await setSettings({ maxSessionsPerMatch: 1 });
    await logSessions(1);
    await evaluate('false');
    await settle();
    const [cert] = await certificates();
    assert.equal(cert.facts.issuedBy, 'Dr Amara Okafor', 'the longest-serving coordinator who is not one of the pair');
    const list = (await khan.say('my certificates')).cards[0];
    const refreshed = await khan.clickVerb(list, 'cert.open');
    assert.match(textOf(refreshed.invokeCard!), /Your certificate\b[\s\S]*Here are new download links/);
    assert.match(textOf(refreshed.invokeCard!), /Each download link lasts an hour/, 'still the list card');
  });

  it('no certificate for a match without a logged session; "my certificates" says how one comes', async () => {
    const mine = (await khan.say('my matches')).cards[0];
    await khan.clickVerb(mine, 'match.end', { reason: '' });
    await h.deliver();
    await evaluate('false');
    h.clock.current = new Date('2027-04-01T09:00:00Z');
    await settle();
    assert.equal((await certificates()).length, 0);
    assert.match(textOf((await khan.say('my certificates')).cards[0].card), /No certificates yet/);
    assert.match(textOf((await khan.say('help')).cards[0].card), /my certificates/i);
  });
});

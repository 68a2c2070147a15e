import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { LOCAL_DEMO_TOKEN, TokenRefused, withLocalDemo } from '../../src/web/entra-token';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_A, TENANT_B, type TestUser } from './support/harness';

const BOT_ID = '0b0b0b0b-1111-4222-8333-555555555555';
const RESOURCE = `api://mentoring.example.org/${BOT_ID}`;

/**
 * The Reports tab over HTTP against the composed service on a real SQLite file, with Entra tokens signed offline
 * by a key the test made: only a valid token of a served tenant from a coordinator gets figures.
 */
describe('reports tab over HTTP', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  let sign: (claims: Record<string, unknown>, opts?: { exp?: string | number; key?: 'other' }) => Promise<string>;
  let amara: TestUser;
  let rahul: TestUser;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const keys = createLocalJWKSet({ keys: [jwk] });
    sign = async (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '1h')
        .sign(opts.key === 'other' ? other.privateKey : privateKey);
    h = await new Harness({ entraKeys: keys, env: { TAB_SSO_RESOURCE: RESOURCE } }).start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    const khan = h.user('Dr Aisha Khan');
    await h.seed(amara);
    for (const u of [amara, rahul, khan]) await u.say('hello');
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    server = h.service.web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    assert.deepEqual(h.errors, []);
    await h.stop();
  });

  const v2 = (u: TestUser, extra: Record<string, unknown> = {}) => ({
    iss: `https://login.microsoftonline.com/${u.tenant}/v2.0`,
    aud: RESOURCE,
    tid: u.tenant,
    oid: u.id,
    name: u.name,
    ...extra,
  });
  const get = (path: string, token?: string) =>
    fetch(`${base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('serves the page with TeamsJS and Chart.js from our own server, framed only by Teams and Outlook hosts', async () => {
    const res = await get('/tabs/reports');
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(
      csp,
      /frame-ancestors teams\.microsoft\.com \*\.teams\.microsoft\.com \*\.cloud\.microsoft \*\.office\.com \*\.microsoft365\.com/,
    );
    assert.match(csp, /script-src 'self'/);
    const html = await res.text();
    assert.deepEqual(
      [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]),
      ['/tabs/vendor/teams-js.js', '/tabs/vendor/chart.js', '/tabs/reports.js'],
    );
    assert.match(await (await get('/tabs/vendor/teams-js.js')).text(), /getAuthToken/);
    assert.match(await (await get('/tabs/vendor/chart.js')).text(), /Chart/);
    const client = await (await get('/tabs/reports.js')).text();
    assert.ok(
      client.indexOf('app.initialize()') < client.indexOf('getAuthToken()'),
      'TeamsJS is initialised before SSO',
    );
    assert.equal((await get('/tabs/vendor/..%2Fpackage.json')).status, 404);
  });

  it("a coordinator's v2 or v1 token gets the suppressed figures, as JSON and as CSV", async () => {
    for (const claims of [v2(amara), v2(amara, { iss: `https://sts.windows.net/${amara.tenant}/` })]) {
      const res = await get('/api/reports', await sign(claims));
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        headline: string;
        breakdowns: { title: string; rows: { label: string; mentees: string }[] }[];
      };
      assert.equal(body.headline, 'Report: IMG Peer Mentoring 2027');
      const specialty = body.breakdowns.find((b) => b.title === 'Participants by specialty')!;
      assert.deepEqual(
        specialty.rows.map((r) => [r.label, r.mentees]),
        [
          ['Psychiatry', '<5'],
          ['All', '<5'],
        ],
      );
    }
    const bytes = Buffer.from(await (await get('/api/reports.csv', await sign(v2(amara)))).arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark for Excel');
    const csv = bytes.subarray(3).toString('utf8');
    assert.ok(csv.startsWith('"Section","Measure"'));
    assert.match(csv, /"Participants by specialty","Psychiatry","<5","<5","<5"/);
    for (const line of csv.split('\r\n').filter((l) => l.startsWith('"Participants by')))
      assert.doesNotMatch(line, /,"[0-4]"/, 'no figure under 5 in any breakdown');
    // The charts' tables are in the CSV too (operational counts, shown as they are, like the card's).
    assert.match(csv, /"From application to completed match","Approved mentees","","","1"/);
  });

  it('refuses a missing, expired, wrongly signed or wrongly addressed token, and another issuer', async () => {
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['expired', await sign(v2(amara), { exp: Math.floor(Date.now() / 1000) - 600 })],
      ['another key', await sign(v2(amara), { key: 'other' })],
      ['another audience', await sign(v2(amara, { aud: 'api://someone-else' }))],
      [
        'an issuer of another tenant',
        await sign(v2(amara, { iss: `https://login.microsoftonline.com/${TENANT_B}/v2.0` })),
      ],
      ['an issuer that is not Entra', await sign(v2(amara, { iss: 'https://evil.example/' }))],
      ['no object id', await sign(v2(amara, { oid: undefined }))],
      [
        'a tenant the app does not serve',
        await sign(v2(h.user('Dr X', { tenant: '33333333-3333-4333-8333-333333333333' }))),
      ],
      ['not a JWT', 'not-a-token'],
    ];
    for (const [what, token] of cases) assert.equal((await get('/api/reports', token)).status, 401, what);
  });

  it('a valid token of someone who is not a coordinator, or of another tenant, gets no figures', async () => {
    const refused = await get('/api/reports', await sign(v2(rahul)));
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: string }).error, /coordinators only/);
    // Tenant B is served (someone there has used the bot) but Amara's id there coordinates nothing.
    const inB = h.user('Dr Amara Okafor', { tenant: TENANT_B, aadObjectId: amara.id });
    await inB.say('hello');
    assert.equal((await get('/api/reports', await sign(v2(inB)))).status, 403);
    assert.equal(TENANT_A, amara.tenant);
  });

  it('filters by programme and date range in the database; a bad range or another programme is refused', async () => {
    const token = await sign(v2(amara));
    const json = async (path: string) => {
      const res = await get(path, token);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const applied = (b: Record<string, any>) =>
      b.sections
        .flatMap((s: { facts: { title: string; value: string }[] }) => s.facts)
        .find((f: { title: string }) => /^Approved/.test(f.title))?.value;
    const all = await json('/api/reports');
    assert.equal(all.status, 200);
    assert.equal(all.body.programmes.length, 1);
    assert.deepEqual(all.body.filter, { programmeId: all.body.programmes[0].id, from: '', to: '' });
    // Both applications were submitted on 1 March 2027 (the harness clock): a range before it counts none.
    const before = await json('/api/reports?from=2026-01-01&to=2027-02-28');
    assert.equal(before.status, 200);
    assert.match(before.body.subtitle, /for Thursday 1 January 2026 to Sunday 28 February 2027/);
    assert.notEqual(applied(before.body), applied(all.body), 'the range changes the figures');
    assert.deepEqual(
      before.body.breakdowns.find((b: { title: string }) => b.title === 'Participants by specialty').rows,
      [{ label: 'All', mentees: '<5', mentors: '<5', all: '<5' }],
      'nobody applied in that range',
    );
    const covering = await json(`/api/reports?programme=${all.body.programmes[0].id}&from=2027-03-01&to=2027-03-01`);
    assert.deepEqual(covering.body.breakdowns, all.body.breakdowns, 'the day itself counts');
    for (const [query, message] of [
      ['from=2027-03-10&to=2027-03-01', /ends before it starts/],
      ['from=1999-12-31&to=2000-01-05', /2000 onwards/],
      ['from=2031-01-01', /more than a year/],
      ['from=2001-01-01&to=2026-01-01', /at most 10 years/],
      ['from=yesterday', /cannot be read/],
      ['from=2027-02-30', /cannot be read/],
    ] as const) {
      const r = await json(`/api/reports?${query}`);
      assert.equal(r.status, 400, query);
      assert.match(r.body.error, message, query);
      assert.equal(r.body.sections, undefined, 'no figures');
    }
    for (const programme of ['no-such-programme', 'x'.repeat(65)]) {
      const r = await json(`/api/reports?programme=${programme}`);
      if (programme.length > 64) assert.equal(r.status, 200, 'an over-long value is ignored, as if not given');
      else {
        assert.equal(r.status, 403);
        assert.equal(r.body.sections, undefined);
      }
    }
    const csv = await (await get('/api/reports.csv?from=2027-03-10&to=2027-03-01', token)).json();
    assert.match((csv as { error: string }).error, /ends before it starts/);
  });

  it('the page says when it runs in local mode; only a local service takes the demo coordinator’s stand-in token', async () => {
    const page = await (await get('/tabs/reports.js')).text();
    assert.match(page, /Local mode: this page is not inside Teams/);
    // This service seeds no demo, so it has no demo coordinator to stand in for: the token is refused as invalid.
    const refused = await get('/api/reports', LOCAL_DEMO_TOKEN);
    assert.equal(refused.status, 401);
  });
});

describe('reports tab in local mode (npm start)', () => {
  it('runs as the demo coordinator with the stand-in token; a production verifier refuses it', async () => {
    const h = await new Harness({
      env: {
        DEMO_TENANT_ID: TENANT_A,
        SEED_DEMO: 'true',
        DEMO_COORDINATOR_NAME: 'Dr Amara Okafor',
      },
    }).start();
    const server = h.service.web.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/api/reports`, { headers: { Authorization: `Bearer ${LOCAL_DEMO_TOKEN}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { headline: string }).headline, 'Report: IMG Peer Mentoring 2027');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await h.stop();
    }
    // Production composes the verifier without a demo: the stand-in is just another invalid token.
    const refusing = async () => {
      throw new TokenRefused('not a JWT');
    };
    await assert.rejects(withLocalDemo(refusing, undefined)(LOCAL_DEMO_TOKEN), TokenRefused);
    assert.equal(
      (await withLocalDemo(refusing, { tenantId: 't', coordinatorId: 'c', coordinatorName: 'C' })(LOCAL_DEMO_TOKEN))
        .objectId,
      'c',
    );
  });
});

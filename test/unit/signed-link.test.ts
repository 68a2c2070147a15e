import assert from 'node:assert/strict';
import { LinkSigner, type LinkClaims, type LinkVerification } from '../../src/web/signed-link';

const SECRET = 'test-link-secret-0123456789abcdefghijkl';
const NOW = new Date('2026-07-01T12:00:00Z');
const CLAIMS: LinkClaims = {
  purpose: 'ics',
  tenantId: 'tenant-1',
  subjectId: 'a3c1e9f0-5b7d-4e2a-9c8b-1d2e3f4a5b6c',
  personId: 'a1a1a1a1-0000-4000-8000-000000000001',
  expiresAt: Math.floor(NOW.getTime() / 1000) + 3600,
};

const signer = new LinkSigner(SECRET);

function failure(result: LinkVerification): string {
  assert.equal(result.ok, false, 'the token is refused');
  return (result as { failure: string }).failure;
}

/** The token with one character at `index` changed to another valid base64url character. */
function flip(token: string, index: number): string {
  const c = token[index]!;
  return token.slice(0, index) + (c === 'A' ? 'B' : 'A') + token.slice(index + 1);
}

describe('signed links', () => {
  it('round trip: the claims come back for the right purpose before expiry', () => {
    const token = signer.sign(CLAIMS);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'URL-safe, one dot');
    assert.deepEqual(signer.verify(token, { purpose: 'ics', now: NOW }), { ok: true, claims: CLAIMS });
    assert.equal(encodeURIComponent(token), token, 'needs no escaping in a URL path');
  });

  it('verifies with a new signer on the same secret (links survive a restart)', () => {
    const token = signer.sign(CLAIMS);
    assert.deepEqual(new LinkSigner(SECRET).verify(token, { purpose: 'ics', now: NOW }), { ok: true, claims: CLAIMS });
  });

  it('refuses a tampered payload', () => {
    const token = signer.sign(CLAIMS);
    const [payload, mac] = token.split('.') as [string, string];
    // Another person's id, re-encoded as a well-formed payload under the old MAC.
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    forged.u = 'b2b2b2b2-0000-4000-8000-000000000002';
    assert.equal(
      failure(
        signer.verify(`${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`, {
          purpose: 'ics',
          now: NOW,
        }),
      ),
      'bad-signature',
    );
    // A later expiry.
    forged.u = CLAIMS.personId;
    forged.e = CLAIMS.expiresAt + 86_400 * 365;
    assert.equal(
      failure(
        signer.verify(`${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`, {
          purpose: 'ics',
          now: NOW,
        }),
      ),
      'bad-signature',
    );
    // One character anywhere in the payload.
    for (let i = 0; i < payload.length - 1; i += 7) {
      assert.notEqual(signer.verify(flip(token, i), { purpose: 'ics', now: NOW }).ok, true, `payload character ${i}`);
    }
  });

  it('refuses a tampered signature', () => {
    const token = signer.sign(CLAIMS);
    const dot = token.indexOf('.');
    for (let i = dot + 1; i < token.length - 1; i += 5) {
      assert.equal(
        failure(signer.verify(flip(token, i), { purpose: 'ics', now: NOW })),
        'bad-signature',
        `signature character ${i}`,
      );
    }
    // The last character carries spare bits: changing it is either another MAC or a second spelling of this one.
    assert.notEqual(signer.verify(flip(token, token.length - 1), { purpose: 'ics', now: NOW }).ok, true);
  });

  it('refuses an expired token from its expiry second on', () => {
    const token = signer.sign(CLAIMS);
    assert.equal(
      signer.verify(token, { purpose: 'ics', now: new Date(CLAIMS.expiresAt * 1000 - 1) }).ok,
      true,
      'valid until the last moment',
    );
    assert.equal(failure(signer.verify(token, { purpose: 'ics', now: new Date(CLAIMS.expiresAt * 1000) })), 'expired');
    assert.equal(failure(signer.verify(token, { purpose: 'ics', now: new Date('2027-01-01T00:00:00Z') })), 'expired');
  });

  it('refuses a token for another purpose', () => {
    const certificate = signer.sign({ ...CLAIMS, purpose: 'certificate' });
    assert.equal(failure(signer.verify(certificate, { purpose: 'ics', now: NOW })), 'wrong-purpose');
    assert.equal(failure(signer.verify(signer.sign(CLAIMS), { purpose: 'certificate', now: NOW })), 'wrong-purpose');
  });

  it('refuses a truncated token', () => {
    const token = signer.sign(CLAIMS);
    const dot = token.indexOf('.');
    for (const cut of [
      token.slice(0, -1),
      token.slice(0, -4),
      token.slice(0, dot + 1),
      token.slice(0, dot),
      token.slice(1),
      token.slice(0, 10),
      '',
    ]) {
      assert.notEqual(signer.verify(cut, { purpose: 'ics', now: NOW }).ok, true, `cut: ${cut}`);
    }
    assert.equal(
      failure(signer.verify(token.slice(0, dot), { purpose: 'ics', now: NOW })),
      'malformed',
      'no signature part',
    );
    assert.equal(failure(signer.verify(token.slice(0, -4), { purpose: 'ics', now: NOW })), 'malformed', 'a short MAC');
  });

  it('refuses garbage that is not base64url, without throwing', () => {
    const token = signer.sign(CLAIMS);
    const samples = [
      'not a token',
      '%%%.%%%',
      '....',
      'a.b.c',
      token.replace('.', '..'),
      `${token}.`,
      token.replace(/-/g, '+').replace(/_/g, '/') + '==',
      `${token.split('.')[0]}.${'/'.repeat(43)}`,
      `ñ${token}`,
      'x'.repeat(5000),
      `${Buffer.from('{"p":"ics"').toString('base64url')}.${token.split('.')[1]}`,
    ];
    for (const sample of samples) {
      const result = signer.verify(sample, { purpose: 'ics', now: NOW });
      assert.equal(result.ok, false, sample.slice(0, 40));
      assert.ok(['malformed', 'bad-signature'].includes(failure(result)), sample.slice(0, 40));
    }
    assert.equal(failure(signer.verify('%%%.%%%', { purpose: 'ics', now: NOW })), 'malformed');
    assert.equal(failure(signer.verify(undefined as unknown as string, { purpose: 'ics', now: NOW })), 'malformed');
  });

  it('refuses a token signed with another secret', () => {
    const other = new LinkSigner('another-secret-entirely-0123456789abcdef');
    assert.equal(failure(signer.verify(other.sign(CLAIMS), { purpose: 'ics', now: NOW })), 'bad-signature');
    assert.equal(failure(other.verify(signer.sign(CLAIMS), { purpose: 'ics', now: NOW })), 'bad-signature');
  });

  it('refuses to sign incomplete claims or to start with a short secret', () => {
    assert.throws(() => signer.sign({ ...CLAIMS, personId: '' }));
    assert.throws(() => signer.sign({ ...CLAIMS, expiresAt: 1.5 }));
    assert.throws(() => new LinkSigner('short'), RangeError);
  });
});

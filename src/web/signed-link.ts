import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed, expiring links for downloads served by our HTTP server (a meeting's calendar file; certificates
 * later). A token names what it is for, the tenant, the record and the one person it was issued to; the
 * handler behind it still checks that person may see the record today. Format: `base64url(payload).base64url(mac)`
 * with the MAC an HMAC-SHA256 over a version label and the encoded payload, so a token cannot be altered,
 * extended or moved to another purpose without the key.
 */

/** What a link grants, to whom, until when. */
export interface LinkClaims {
  /** What the link downloads, e.g. `ics`. A token for one purpose is refused by every other. */
  purpose: string;
  /** Our tenant id. */
  tenantId: string;
  /** The record the link is for (for `ics`, the meeting id). */
  subjectId: string;
  /** The person the link was issued to (Entra object id). */
  personId: string;
  /** Expiry in epoch seconds: the link is refused from this second on. */
  expiresAt: number;
}

/** Why a token was refused. Callers tell the user only that the link is not valid or has expired. */
export type LinkFailure = 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose';

export type LinkVerification = { ok: true; claims: LinkClaims } | { ok: false; failure: LinkFailure };

/** Version label inside the MAC: a future format cannot be confused with this one. */
const VERSION = 'v1';
const MAC_BYTES = 32;
/** Tokens travel in URL paths; anything much longer than a real one is refused before any work. */
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const field = z.string().min(1).max(128);
/** The payload with short keys, to keep URLs short. */
const PAYLOAD = z.object({ p: field, t: field, s: field, u: field, e: z.number().int().positive() }).strict();

/** Signs and verifies link tokens with one key (config's `links.secret`). */
export class LinkSigner {
  readonly #key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new RangeError('A link signing secret must be at least 32 characters.');
    // A key of its own, so LINK_SECRET used for anything else one day cannot produce a valid link MAC.
    this.#key = Buffer.from(
      hkdfSync('sha256', secret, Buffer.alloc(0), 'img-mentoring signed download links', MAC_BYTES),
    );
  }

  /** A URL-safe token (letters, digits, `-`, `_` and one `.`) carrying the claims. */
  sign(claims: LinkClaims): string {
    const payload = PAYLOAD.parse({
      p: claims.purpose,
      t: claims.tenantId,
      s: claims.subjectId,
      u: claims.personId,
      e: claims.expiresAt,
    });
    const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${encoded}.${this.#mac(encoded).toString('base64url')}`;
  }

  /**
   * The claims of a token this signer made, for `purpose`, not expired at `now`. The signature is checked
   * (in constant time) before the payload is read, so an unsigned payload is never parsed.
   */
  verify(token: string, expect: { purpose: string; now: Date }): LinkVerification {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return refused('malformed');
    const parts = token.split('.');
    if (parts.length !== 2) return refused('malformed');
    const [encoded, mac] = parts as [string, string];
    const given = canonical(mac);
    if (!canonical(encoded) || !given || given.length !== MAC_BYTES) return refused('malformed');
    if (!timingSafeEqual(given, this.#mac(encoded))) return refused('bad-signature');

    let parsed: z.infer<typeof PAYLOAD>;
    try {
      const result = PAYLOAD.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
      if (!result.success) return refused('malformed');
      parsed = result.data;
    } catch {
      return refused('malformed');
    }
    if (parsed.p !== expect.purpose) return refused('wrong-purpose');
    if (Math.floor(expect.now.getTime() / 1000) >= parsed.e) return refused('expired');
    return {
      ok: true,
      claims: { purpose: parsed.p, tenantId: parsed.t, subjectId: parsed.s, personId: parsed.u, expiresAt: parsed.e },
    };
  }

  #mac(encodedPayload: string): Buffer {
    return createHmac('sha256', this.#key).update(`${VERSION}.${encodedPayload}`).digest();
  }
}

/** The bytes of unpadded base64url text, or undefined when it is not exactly how Node would encode them. */
function canonical(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Node decodes leniently (stray bits, odd lengths): one token has one spelling.
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function refused(failure: LinkFailure): LinkVerification {
  return { ok: false, failure };
}

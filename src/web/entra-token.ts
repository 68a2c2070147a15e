import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Who a valid Entra token names. */
export interface TokenIdentity {
  /** Entra tenant id (`tid`). */
  entraTenantId: string;
  /** Entra object id (`oid`), the same id Teams activities carry as aadObjectId. */
  objectId: string;
  name: string;
}

/** A token that is missing, malformed, expired, for another audience, from an unknown issuer or tenant. */
export class TokenRefused extends Error {
  readonly code = 'token-refused';
}

export interface TokenVerifierOptions {
  /** Accepted `aud` values: the app registration's client id and its Application ID URI. */
  audiences: readonly string[];
  /** Whether the app serves this Entra tenant (only a served tenant's tokens are accepted). */
  isServedTenant(entraTenantId: string): Promise<boolean>;
  /** Signing keys; Microsoft's published keys for the token's tenant unless given (tests sign offline). */
  keys?: JWTVerifyGetKey;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Clock skew allowed between Entra and us. */
const CLOCK_TOLERANCE_S = 60;

/**
 * Validates the Entra token a Teams tab gets from `authentication.getAuthToken()`: signature (RS256, Microsoft's
 * keys for the tenant), audience, expiry and not-before, and an issuer of the token's own tenant in either form,
 * v1 (`https://sts.windows.net/{tid}/`, the default for app registrations) or v2
 * (`https://login.microsoftonline.com/{tid}/v2.0`). The tenant must be one the app serves.
 */
export function createTokenVerifier(
  options: TokenVerifierOptions,
): (token: string | undefined) => Promise<TokenIdentity> {
  const remote = new Map<string, JWTVerifyGetKey>();
  const keysFor = (tid: string): JWTVerifyGetKey => {
    if (options.keys) return options.keys;
    let set = remote.get(tid);
    if (!set)
      remote.set(
        tid,
        (set = createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${tid}/discovery/v2.0/keys`))),
      );
    return set;
  };
  return async (token) => {
    if (!token || options.audiences.length === 0) throw new TokenRefused('no token, or no audience configured');
    let tid: unknown;
    try {
      tid = decodeJwt(token).tid;
    } catch {
      throw new TokenRefused('not a JWT');
    }
    // The tenant chooses the issuer and keys, so it is checked before anything is fetched for it.
    if (typeof tid !== 'string' || !GUID.test(tid)) throw new TokenRefused('no tenant id');
    if (!(await options.isServedTenant(tid))) throw new TokenRefused('a tenant this app does not serve');
    try {
      const { payload } = await jwtVerify(token, keysFor(tid), {
        issuer: [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
        audience: [...options.audiences],
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'oid', 'tid'],
      });
      if (payload.tid !== tid || typeof payload.oid !== 'string' || !GUID.test(payload.oid))
        throw new TokenRefused('no object id');
      return {
        entraTenantId: tid,
        objectId: payload.oid,
        name: typeof payload.name === 'string' ? payload.name.slice(0, 200) : '',
      };
    } catch (e) {
      if (e instanceof TokenRefused) throw e;
      throw new TokenRefused((e as Error).message);
    }
  };
}

/** What the Reports tab sends instead of an Entra token when opened outside Teams in local mode. */
export const LOCAL_DEMO_TOKEN = 'local-mode-demo-coordinator';

/**
 * In local mode only (no bot app id, listening on 127.0.0.1), the tab opened in a plain browser runs as the demo
 * coordinator: {@link LOCAL_DEMO_TOKEN} stands for their identity. In production the same token is refused like any
 * other that is not a valid Entra token, because `demo` is then undefined.
 */
export function withLocalDemo(
  verify: (token: string | undefined) => Promise<TokenIdentity>,
  demo: { tenantId: string; coordinatorId: string; coordinatorName: string } | undefined,
): (token: string | undefined) => Promise<TokenIdentity> {
  if (!demo) return verify;
  return async (token) =>
    token === LOCAL_DEMO_TOKEN
      ? { entraTenantId: demo.tenantId, objectId: demo.coordinatorId, name: demo.coordinatorName }
      : verify(token);
}

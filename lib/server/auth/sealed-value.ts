// Cookie values only this server can read or make: a JWT encrypted with the cookie key (JWE, `dir`
// + A256GCM, so also tamper-proof), with a purpose (the audience: a sign-in cookie is never
// accepted as a session) and an expiry checked on opening.
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

const ISSUER = 'steplens';

/** Seals `claims` for `purpose`, valid `lifetimeSeconds` from `nowMs`. */
export async function sealValue(claims: JWTPayload, purpose: string, lifetimeSeconds: number, key: Uint8Array, nowMs = Date.now()): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer(ISSUER)
    .setAudience(purpose)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .encrypt(key);
}

/** The claims of a value sealValue made for `purpose` and not yet expired; null for anything else. */
export async function openValue(value: string, purpose: string, key: Uint8Array, nowMs = Date.now()): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtDecrypt(value, key, {
      issuer: ISSUER,
      audience: purpose,
      currentDate: new Date(nowMs),
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return payload;
  } catch {
    // Expired, for another purpose, made with another key (a rotated secret), or not ours at all.
    return null;
  }
}

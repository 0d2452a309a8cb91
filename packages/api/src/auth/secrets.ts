import { hash as digest, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id through @node-rs/argon2: maintained, prebuilt for each platform (no install script, no node-gyp).
// 2 = Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // With no hash (unknown email, no password), verify against a dummy so timing does not reveal it.
  const target = passwordHash ?? DUMMY_HASH;
  const ok = await verify(target, password).catch(() => false);
  return ok && passwordHash !== null;
}
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

/** Opaque bearer tokens: a kind prefix, then 32 random bytes. Only the sha256 is stored. */
export type TokenKind = 'session' | 'automation';
const PREFIX: Record<TokenKind, string> = { session: 'sos_', automation: 'sot_' };

export function newToken(kind: TokenKind): { token: string; hash: Buffer } {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

// One-shot hashing: every request with a bearer token pays for it (the cache is keyed by it).
export const tokenHash = (token: string): Buffer => digest('sha256', token, 'buffer');

export const tokenKind = (token: string): TokenKind | null =>
  token.startsWith(PREFIX.session) ? 'session' : token.startsWith(PREFIX.automation) ? 'automation' : null;

export const randomPassword = () => randomBytes(15).toString('base64url');

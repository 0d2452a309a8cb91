import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** The `prevHash` of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SPEC 13: events are hash-chained per review so tampering is detectable.
 * sha256 (hex) of the previous hash, a newline, and the canonical JSON of the event's content.
 */
export const chainHash = (prevHash: string, event: Record<string, unknown>): string =>
  createHash('sha256').update(prevHash).update('\n').update(canonicalJson(event)).digest('hex');

export interface ChainLink {
  prevHash: string;
  hash: string;
  /** Exactly the content that was hashed when the event was written. */
  content: Record<string, unknown>;
}

export interface ChainBreak<T extends ChainLink> {
  index: number;
  event: T;
  /** `link`: prevHash is not the previous event's hash (an event removed, inserted or reordered);
   * `hash`: the content no longer matches its hash (an event altered). */
  reason: 'link' | 'hash';
}

/** Verifies one chain, events in order; returns the first broken event, or null when intact. */
export function verifyChain<T extends ChainLink>(
  events: readonly T[],
  genesis = GENESIS_HASH,
): ChainBreak<T> | null {
  let expectedPrev = genesis;
  for (const [index, event] of events.entries()) {
    if (event.prevHash !== expectedPrev) return { index, event, reason: 'link' };
    if (chainHash(event.prevHash, event.content) !== event.hash) return { index, event, reason: 'hash' };
    expectedPrev = event.hash;
  }
  return null;
}

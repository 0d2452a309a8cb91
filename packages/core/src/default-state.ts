import { type Blocker, blocker } from './blockers.ts';
import type { Category } from './categories.ts';
import type { Channel, DefaultState } from './channels.ts';

export interface DefaultStateFacts {
  /** A current legal_trust approval that grants Trust approval. */
  trustApproval: boolean;
  /** How many of the review's mitigations are accepted. */
  acceptedMitigations: number;
  advanceNotice: boolean;
  consent: boolean;
  optOut: boolean;
  /** The form says how users turn the collection off. */
  optOutDocumented: boolean;
}

const CHANNEL_NAMES: Record<Channel, string> = { release: 'release', pre_release: 'pre-release' };

/**
 * "Eligibility for Default on Data Collection" (SPEC 6):
 *
 * | category | release                          | pre-release                                      |
 * |----------|----------------------------------|--------------------------------------------------|
 * | 1, 2     | on or off                        | on or off                                        |
 * | 3        | off; on needs prior Trust approval | off; on needs ≥ 1 accepted mitigation          |
 * | 4        | off only; Trust approval + advance notice, consent and opt-out | same as release    |
 *
 * and "Users must have a way to turn off data collection" for every category and state.
 * Returns the blockers in the evaluator's order (empty = eligible).
 */
export function defaultStateBlockers(
  category: Category,
  channel: Channel,
  requestedDefault: DefaultState,
  facts: DefaultStateFacts,
): Blocker[] {
  const blockers: Blocker[] = [];
  const where = `category ${category} on ${CHANNEL_NAMES[channel]}`;

  if (category === 3 && requestedDefault === 'on') {
    if (channel === 'release' && !facts.trustApproval) {
      blockers.push(
        blocker('TRUST_APPROVAL_MISSING', `Default on for ${where} requires prior Trust approval.`),
      );
    }
    if (channel === 'pre_release' && facts.acceptedMitigations === 0) {
      blockers.push(
        blocker(
          'DEFAULT_STATE_INELIGIBLE',
          `Default on for ${where} is eligible case by case only with at least one accepted mitigation.`,
        ),
      );
    }
  }

  if (category === 4) {
    if (requestedDefault === 'on') {
      blockers.push(blocker('DEFAULT_STATE_INELIGIBLE', `${capitalise(where)} must be default off.`));
    }
    if (!facts.trustApproval) {
      blockers.push(
        blocker('TRUST_APPROVAL_MISSING', `Any collection of ${where} requires prior Trust approval.`),
      );
    }
    const missing = [
      facts.advanceNotice ? null : 'advance user notice',
      facts.consent ? null : 'consent',
      facts.optOut ? null : 'opt-out',
    ].filter((m): m is string => m !== null);
    if (missing.length > 0) {
      blockers.push(
        blocker(
          'CONSENT_REQUIREMENTS_MISSING',
          `Any collection of ${where} requires advance user notice, consent and an opt-out; missing: ${missing.join(', ')}.`,
        ),
      );
    }
  }

  if (!facts.optOutDocumented) {
    blockers.push(blocker('OPT_OUT_UNDOCUMENTED', 'Every collection must document how users turn it off.'));
  }
  return blockers;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

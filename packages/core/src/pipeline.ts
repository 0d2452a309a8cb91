import type { AnnouncementState } from './announcement.ts';
import { AREAS, type Area, PREREQUISITE_AREAS } from './areas.ts';
import type { OwnerRole, StepAction } from './blockers.ts';
import type { OpenStep } from './next-steps.ts';
import type { ReviewStatus } from './review-status.ts';
import type { SignOffDecision } from './sign-off.ts';

/**
 * A review's way through the process as one picture (issue 15): the request, the data steward's review,
 * privacy/technical with data (which come first, SPEC 5), legal/trust with security, the mailing-list
 * announcement (SPEC 8), and shipping.
 */
export const PIPELINE_STAGES = [
  'request',
  'steward',
  'privacy_data',
  'legal_security',
  'announcement',
  'ship',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Which parts make each stage: the two paired stages hold one part per area. */
export const STAGE_PARTS: Record<PipelineStage, readonly PipelinePartName[]> = {
  request: ['request'],
  steward: ['steward'],
  privacy_data: PREREQUISITE_AREAS,
  legal_security: AREAS.filter((a) => !(PREREQUISITE_AREAS as readonly Area[]).includes(a)),
  announcement: ['announcement'],
  ship: ['ship'],
};
export type PipelinePartName = 'request' | 'steward' | Area | 'announcement' | 'ship';

/**
 * done; waiting: its owner can act now; blocked: it waits on an earlier step; changes: sent back (returned,
 * changes requested); rejected: an area rejected it; not_started: not reached yet; not_needed: the
 * category needs no sensitive review (1, 2); stopped: the review was withdrawn.
 */
export const PIPELINE_STATES = [
  'stopped',
  'rejected',
  'changes',
  'waiting',
  'blocked',
  'not_started',
  'done',
  'not_needed',
] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

export interface PipelinePart {
  part: PipelinePartName;
  state: PipelineState;
  /** Who acted (done) or must act next (any open state): named people where there are some. */
  personIds: number[];
  /** The role that must act when the part is open. */
  role: OwnerRole | 'party' | null;
  /** What the owner does to move it on (the open step's action). */
  action: StepAction | null;
  /** When it was done, or when its last decision was recorded. */
  at: Date | null;
}

export interface PipelineStageView {
  stage: PipelineStage;
  /** The most pressing state of its parts (the order of PIPELINE_STATES). */
  state: PipelineState;
  parts: PipelinePart[];
}

/** What the picture reads besides the open steps: the dates and people of what was done. */
export interface PipelineRecord {
  status: ReviewStatus;
  category: number | null;
  currentRevision: number;
  proposerId: number;
  submittedAt: Date | null;
  shippedAt: Date | null;
  /** The latest data steward review. */
  steward: { personId: number; outcome: 'data-review+' | 'data-review-'; at: Date } | null;
  /** The latest sign-off of each area. */
  signOffs: { area: Area; personId: number; revision: number; decision: SignOffDecision; at: Date }[];
  announcement: { state: AnnouncementState; at: Date | null; personId: number | null };
}

const part = (
  name: PipelinePartName,
  state: PipelineState,
  personIds: number[] = [],
  at: Date | null = null,
): PipelinePart => ({ part: name, state, personIds, role: null, action: null, at });

/** An open step as the part's owner and action; `ready` says whether it can be taken now. */
const openPart = (
  name: PipelinePartName,
  s: OpenStep,
  state: PipelineState = s.ready ? 'waiting' : 'blocked',
  at: Date | null = null,
): PipelinePart => ({
  part: name,
  state,
  personIds: s.owner.personIds,
  role: s.owner.role,
  action: s.action,
  at,
});

const stageState = (parts: PipelinePart[]): PipelineState =>
  PIPELINE_STATES.find((st) => parts.some((p) => p.state === st)) ?? 'not_started';

/** The pipeline of one review, from its open steps (openSteps) and what was recorded. */
export function reviewPipeline(record: PipelineRecord, steps: readonly OpenStep[]): PipelineStageView[] {
  const find = (actions: readonly StepAction[], area?: Area) =>
    steps.find((s) => actions.includes(s.action) && (area === undefined || s.area === area));
  const { status } = record;
  const withdrawn = status === 'withdrawn';
  const sensitiveNeeded = record.category !== null && record.category >= 3;
  const stewardDone = record.steward?.outcome === 'data-review+' && !find(['record_steward_review']);

  const request = (() => {
    const s = find(['submit', 'resubmit']);
    if (s) return openPart('request', s, status === 'returned' ? 'changes' : 'waiting', record.submittedAt);
    if (status === 'draft') return part('request', withdrawn ? 'stopped' : 'waiting', [record.proposerId]);
    if (record.submittedAt === null) return part('request', withdrawn ? 'stopped' : 'not_started');
    return part('request', 'done', [record.proposerId], record.submittedAt);
  })();

  const steward = (() => {
    const st = record.steward;
    const s = find(['record_steward_review']);
    if (s) return openPart('steward', s, 'waiting', st?.at ?? null);
    if (st?.outcome === 'data-review-') return part('steward', 'changes', [st.personId], st.at);
    if (st) return part('steward', 'done', [st.personId], st.at);
    return part('steward', withdrawn ? 'stopped' : 'not_started');
  })();

  const area = (a: Area): PipelinePart => {
    const latest = record.signOffs.find((s) => s.area === a);
    const current = latest && latest.revision === record.currentRevision ? latest : undefined;
    const s = find(['record_sign_off', 'reconfirm_sign_off'], a);
    if (s) {
      const sentBack = current?.decision === 'changes_requested';
      return openPart(a, s, sentBack ? 'changes' : undefined, latest?.at ?? null);
    }
    if (current?.decision === 'approved') return part(a, 'done', [current.personId], current.at);
    if (current?.decision === 'rejected') return part(a, 'rejected', [current.personId], current.at);
    if (current?.decision === 'changes_requested') return part(a, 'changes', [current.personId], current.at);
    if (withdrawn) return part(a, 'stopped');
    if (stewardDone && !sensitiveNeeded) return part(a, 'not_needed');
    return part(a, 'not_started');
  };

  const announcement = (() => {
    const { state, at, personId } = record.announcement;
    if (state === 'sent' || state === 'recorded')
      return part('announcement', 'done', personId ? [personId] : [], at);
    const s = find(['announce', 'deliver_announcement']);
    if (s) return openPart('announcement', s, 'waiting', at);
    if (withdrawn) return part('announcement', 'stopped');
    if (stewardDone && !sensitiveNeeded) return part('announcement', 'not_needed');
    return part('announcement', 'not_started');
  })();

  const ship = (() => {
    if (status === 'shipped') return part('ship', 'done', [record.proposerId], record.shippedAt);
    if (withdrawn) return part('ship', 'stopped');
    const s = find(['mark_shipped']);
    if (s) return openPart('ship', s);
    return part('ship', status === 'draft' ? 'not_started' : 'blocked');
  })();

  const parts: Record<PipelinePartName, PipelinePart> = {
    request,
    steward,
    privacy_technical: area('privacy_technical'),
    data: area('data'),
    legal_trust: area('legal_trust'),
    security: area('security'),
    announcement,
    ship,
  };
  return PIPELINE_STAGES.map((stage) => {
    const ps = STAGE_PARTS[stage].map((n) => parts[n]);
    return { stage, state: stageState(ps), parts: ps };
  });
}

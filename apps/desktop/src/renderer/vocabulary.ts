import type {
  Area,
  Category,
  Channel,
  DataSensitivity,
  EscalationDecision,
  EscalationLevel,
  MitigationKind,
  RenewalState,
  ReviewStatus,
  SurveyItemState,
} from '@signoff/core';

// The domain's words as the screens show them. Values are checked against core's types; the renderer
// does not import core at run time (it holds Node-only modules).
export const AREAS = [
  'privacy_technical',
  'data',
  'legal_trust',
  'security',
] as const satisfies readonly Area[];
export const AREA_LABELS: Record<Area, string> = {
  privacy_technical: 'Privacy/Technical',
  data: 'Data',
  legal_trust: 'Legal/Trust',
  security: 'Security',
};
export const STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: 'Draft',
  submitted: 'Waiting for a steward',
  returned: 'Returned for changes',
  sensitive_review: 'Sensitive review',
  approved: 'Approved',
  shipped: 'Shipped',
  withdrawn: 'Withdrawn',
};
export const STATUSES = Object.keys(STATUS_LABELS) as ReviewStatus[];
export const CHANNEL_LABELS: Record<Channel, string> = { release: 'Release', pre_release: 'Pre-release' };
export const CATEGORY_LABELS: Record<Category, string> = {
  1: 'Category 1 – technical',
  2: 'Category 2 – interaction',
  3: 'Category 3 – stored content & communications',
  4: 'Category 4 – highly sensitive',
};
export const MITIGATION_KIND_LABELS: Record<MitigationKind, string> = {
  ux_notice: 'UX notice',
  technical_control: 'Technical control',
  risk_assessment: 'Risk assessment',
  other: 'Other',
};

export const categoryLabel = (c: number | null) =>
  c === null ? 'Not categorised' : (CATEGORY_LABELS[c as Category] ?? `Category ${c}`);

export const formatDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

/** Days since an ISO time, for "overdue" marks. */
export const daysSince = (iso: string, now = Date.now()) =>
  Math.floor((now - new Date(iso).getTime()) / 86_400_000);

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  product_owner: 'Product owner',
  cpo: 'CPO',
  ceo: 'CEO',
};
export const ESCALATION_DECISION_LABELS: Record<EscalationDecision, string> = {
  proceed: 'Proceed',
  proceed_with_mitigations: 'Proceed with mitigations',
  do_not_ship: 'Do not ship',
};

/** Glean's data_sensitivity values, as its documentation names them. */
export const DATA_SENSITIVITY_LABELS: Record<DataSensitivity, string> = {
  technical: 'Technical data',
  interaction: 'Interaction data',
  stored_content: 'Stored content',
  web_activity: 'Web activity',
  highly_sensitive: 'Highly sensitive data',
};
export const RENEWAL_STATE_LABELS: Record<RenewalState, string> = {
  requested: 'Waiting for a data steward',
  approved: 'Renewed',
  rejected: 'Refused',
  withdrawn: 'Withdrawn',
};
export const SURVEY_ITEM_STATE_LABELS: Record<SurveyItemState, string> = {
  open: 'Waiting for an answer',
  answered: 'Answered',
  overdue: 'Overdue',
};
/** "1 review", "2 reviews": a count with its noun in the right number (`many` for irregular plurals). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The verb after a count or list of subjects: "Data approves", "Privacy/Technical and Data approve". */
export const verbFor = (n: number, singular: string, pluralForm: string) => (n === 1 ? singular : pluralForm);

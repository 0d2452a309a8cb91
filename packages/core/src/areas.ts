import { z } from 'zod';

/** The four risk-assessment areas of the sensitive review (policy, Step 3 table). Fixed. */
export const AREAS = ['privacy_technical', 'data', 'legal_trust', 'security'] as const;
export type Area = (typeof AREAS)[number];
export const areaSchema = z.enum(AREAS);

/** "The initial documentation from engineering/data stewardship and privacy/technical review should be
 * completed as a prerequisite ahead of legal and security." */
export const PREREQUISITE_AREAS = ['privacy_technical', 'data'] as const satisfies readonly Area[];
export const DEPENDENT_AREAS = ['legal_trust', 'security'] as const satisfies readonly Area[];

export const AREA_LABELS: Record<Area, string> = {
  privacy_technical: 'Privacy/Technical Review (Office of the Firefox CTO)',
  data: 'Data Review (Data)',
  legal_trust: 'Legal/Trust Review (Legal)',
  security: 'Security Review (Office of the CSO)',
};

/** Several areas in plain words, in the fixed area order: "Data Review (Data) and Security Review (…)". */
export const areaLabelList = (areas: readonly Area[]): string => {
  const labels = [...areas].sort(byAreaOrder).map((a) => AREA_LABELS[a]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
};

export const isArea = (value: unknown): value is Area => (AREAS as readonly unknown[]).includes(value);

/** Sort by the fixed area order, so every list of areas reads the same way. */
export const byAreaOrder = (a: Area, b: Area): number => AREAS.indexOf(a) - AREAS.indexOf(b);

import { z } from 'zod';

/** The policy's four data collection categories. */
export const CATEGORIES = [1, 2, 3, 4] as const;
export type Category = (typeof CATEGORIES)[number];
export const categorySchema = z.literal(CATEGORIES);

export const CATEGORY_LABELS: Record<Category, string> = {
  1: 'Technical data',
  2: 'Interaction data',
  3: 'Stored content & communications',
  4: 'Highly sensitive or clearly identifiable personal data',
};

/** "Any data collection classified as category 3 or 4 … requires additional review" (Step 3). */
export const isSensitiveCategory = (category: Category): boolean => category >= 3;

/** Glean `data_sensitivity` values and the category each one means (the classification must match). */
export const DATA_SENSITIVITY_CATEGORIES = {
  technical: 1,
  interaction: 2,
  stored_content: 3,
  web_activity: 3,
  highly_sensitive: 4,
} as const satisfies Record<string, Category>;
export type DataSensitivity = keyof typeof DATA_SENSITIVITY_CATEGORIES;

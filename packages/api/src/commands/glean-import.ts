import { createHash } from 'node:crypto';
import { CATEGORIES, DATA_SENSITIVITIES } from '@signoff/core';
import { z } from 'zod';
import { reviewSummarySchema } from '../review-schemas.ts';

export { gleanFilesSchema } from '@signoff/core';

const issueSchema = z.object({
  file: z.string(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  field: z.string(),
  message: z.string(),
});

export const importedMetricSchema = z.object({
  name: z.string(),
  file: z.string(),
  line: z.number(),
  type: z.string(),
  dataSensitivity: z.array(z.enum(DATA_SENSITIVITIES as [string, ...string[]])),
  category: z.literal(CATEGORIES).nullable(),
  expires: z.string(),
  notificationEmails: z.array(z.string()),
  bugs: z.array(z.string()),
  /** An event's extra keys, each a measurement row `metric#key`. */
  extraKeys: z.array(z.string()).optional(),
});

export const gleanImportOutput = z.object({
  review: reviewSummarySchema,
  revision: z.number(),
  bug: z.string(),
  metrics: z.array(importedMetricSchema),
  /** The category the metrics' data_sensitivity means (highest wins). */
  category: z.literal(CATEGORIES).nullable(),
  /** Fields filled with glean_parser's standard answers: check them before submitting. */
  prefilled: z.array(z.string()),
  warnings: z.array(issueSchema),
});

export const filesRecord = (files: readonly { name: string; text: string }[]) =>
  files.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.text).digest('hex') }));

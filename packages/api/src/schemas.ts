import { AREAS, EXECUTIVE_ROLES } from '@signoff/core';
import { z } from 'zod';
import { SCOPES } from './context.ts';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
export { newPasswordSchema as passwordSchema } from './auth/common-passwords.ts';
export const displayNameSchema = z.string().trim().min(1).max(200);
export const areaSchema = z.enum(AREAS);
export const scopeSchema = z.enum(SCOPES);
export const roleSchema = z.enum(['admin', 'steward', 'cpo', 'ceo']);
export const idSchema = z.number().int().positive();

export const personOutput = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  isAdmin: z.boolean(),
  isSteward: z.boolean(),
  executiveRole: z.enum(EXECUTIVE_ROLES).nullable(),
  facilitatorAreas: z.array(areaSchema),
});
export type PersonOutput = z.infer<typeof personOutput>;

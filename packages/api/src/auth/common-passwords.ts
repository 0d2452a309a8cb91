import { passwordProblem } from '@signoff/core';
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

// The common-password list of zxcvbn-ts (@zxcvbn-ts/language-common, pinned): about 49,000 passwords seen
// most often in breach corpora, maintained with the zxcvbn-ts strength estimator (MIT, about two million
// downloads a month, no install script). Only the list is used: NIST SP 800-63B asks for a blocklist, not
// for composition rules or a strength score.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
export const isCommonPassword = (lowerCase: string) => COMMON.has(lowerCase);

/** A new password: the rules of passwordProblem (core), checked against the list above. */
export const newPasswordSchema = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p, { isCommon: isCommonPassword });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The same, knowing the account's email (which the password may not be). */
export const passwordProblemFor = (password: string, email: string) =>
  passwordProblem(password, { isCommon: isCommonPassword, email });

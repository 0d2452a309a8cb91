/**
 * What a new password must be, in the spirit of NIST SP 800-63B (5.1.1.2): long enough, not one that
 * attackers try first (common and breached passwords, context words), and nothing else: no composition
 * rules (digits, capitals, symbols), no periodic expiry. Spaces are allowed, a password of spaces is not.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export interface PasswordContext {
  /** Whether a password is on a list of common or breached passwords (compared in lower case). */
  isCommon: (lowerCase: string) => boolean;
  /** The account's email: neither it nor its local part may be the password. */
  email?: string | undefined;
}

/** The first rule `password` breaks, as a message for the person choosing it; null when it is acceptable. */
export function passwordProblem(password: string, ctx: PasswordContext): string | null {
  const length = [...password].length; // code points: an emoji is one character
  if (length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (new Set(password).size === 1) return 'must not be one character repeated';
  const lower = password.normalize('NFKC').toLowerCase();
  if (ctx.isCommon(lower) || ctx.isCommon(lower.trim()))
    return 'is a commonly used password (found in lists of breached passwords); choose another';
  const email = ctx.email?.toLowerCase();
  if (email && (lower === email || lower === email.split('@')[0]))
    return 'must not be your email address or its name part';
  return null;
}

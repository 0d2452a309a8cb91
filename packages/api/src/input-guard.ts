/**
 * Input no procedure may be given, refused before any parsing, naming the field (issue 12): text
 * PostgreSQL cannot store or that is not Unicode (a NUL, a lone UTF-16 surrogate, in values and keys),
 * numbers beyond PostgreSQL's integer, and nesting deeper than any input has (10,000 levels once
 * overflowed the stack). Walked iteratively, so no input can exhaust the stack.
 */
export const MAX_INPUT_DEPTH = 64;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const LONE_SURROGATE = /\p{Cs}/u;

export interface InputProblem {
  field: string;
  message: string;
}

const textProblem = (s: string): string | null =>
  s.includes('\u0000')
    ? 'must not contain the NUL character (\\u0000)'
    : LONE_SURROGATE.test(s)
      ? 'must not contain a lone UTF-16 surrogate (it is not valid Unicode text)'
      : null;

export function inputProblem(value: unknown): InputProblem | null {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, path, depth] = item;
    const field = path || '(input)';
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field, message: problem };
    } else if (typeof v === 'number') {
      if (v > INT_MAX || v < INT_MIN) return { field, message: `must be between ${INT_MIN} and ${INT_MAX}` };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_INPUT_DEPTH)
        return { field, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      } else {
        const entries = Object.entries(v);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, child] = entries[i]!;
          const at = path ? `${path}.${k}` : k;
          const problem = textProblem(k);
          if (problem)
            return {
              field: at.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\\u0000'),
              message: `(a key) ${problem}`,
            };
          stack.push([child, at, depth + 1]);
        }
      }
    }
  }
  return null;
}

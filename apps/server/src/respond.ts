import type http from 'node:http';
import { inputProblem } from '@signoff/api';

export function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(text);
}

export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});

/** Reads a JSON body up to `limit` bytes; null when it is not valid JSON. */
export async function readJson(
  req: http.IncomingMessage,
  limit: number,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, reason: `body larger than ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  const problem = inputProblem(value);
  if (problem) return { ok: false, reason: `${problem.field}: ${problem.message}` };
  return { ok: true, value };
}

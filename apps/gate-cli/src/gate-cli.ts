import { parseArgs } from 'node:util';
import { type CanShipResult, CHANNELS, canShipResultSchema, isChannel } from '@signoff/core';
import { CODE_REVIEW_USAGE, runCodeReviewCommand } from './code-review-cli.ts';

/** Exit codes a CI job acts on (SPEC 11). */
export const EXIT = { mayShip: 0, blocked: 1, error: 2 } as const;

export const DEFAULT_SERVER = 'http://127.0.0.1:3000';

export const USAGE = `usage: signoff-gate check <review> --channel <${CHANNELS.join('|')}> [--server URL] [--token T] [--json]
       signoff-gate lookup <bug> [--server URL] [--token T] [--json]

  <review>     a review key (DR-42) or id (42)
  --channel    the channel to ship on
  --server     the sign-off tracker (default $SIGNOFF_SERVER, else ${DEFAULT_SERVER})
  --token      an automation token with scope gate:read (default $SIGNOFF_TOKEN; prefer the variable in CI)
  --json       print the API's JSON answer instead of text
  --timeout    seconds to wait for the server (default 30)

exit status: 0 may ship, 1 blocked (blockers printed one per line), 2 error (reason on stderr)`;

export interface Io {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  fetch?: typeof fetch;
  /** The git checkout `intake` reads (default: the process's working directory). */
  cwd?: string;
}

/** An error that ends the command with exit 2 and one line on stderr. */
export class GateCliError extends Error {
  constructor(
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Where to ask and with what: shared by every command. */
export interface Connection {
  server: URL;
  token: string;
  json: boolean;
  timeoutMs: number;
}

interface Options extends Connection {
  command: 'check' | 'lookup';
  target: string;
  channel: string | undefined;
}

/** --server, --token, --timeout and --json, with their environment defaults. */
export function connectionOf(
  values: {
    server?: string | undefined;
    token?: string | undefined;
    timeout?: string | undefined;
    json?: boolean | undefined;
  },
  env: Io['env'],
): Connection {
  const serverText = values.server ?? env.SIGNOFF_SERVER ?? DEFAULT_SERVER;
  let server: URL;
  try {
    server = new URL(serverText);
    if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new Error();
  } catch {
    throw new GateCliError(`--server must be an http(s) URL, not "${serverText}"`);
  }
  const token = values.token ?? env.SIGNOFF_TOKEN;
  if (!token) throw new GateCliError('no token: pass --token or set SIGNOFF_TOKEN');
  const timeout = Number(values.timeout ?? 30);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new GateCliError('--timeout must be a positive number');
  return { server, token, json: values.json ?? false, timeoutMs: timeout * 1000 };
}

function options(argv: string[], env: Io['env']): Options | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new GateCliError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return 'help';
  const [command, target, ...extra] = positionals;
  if (command !== 'check' && command !== 'lookup')
    throw new GateCliError(
      command ? `unknown command "${command}" (check, lookup, intake or land-check)` : 'missing command',
    );
  if (!target) throw new GateCliError(command === 'check' ? 'missing <review>' : 'missing <bug>');
  if (extra.length) throw new GateCliError(`unexpected argument "${extra[0]}"`);
  if (command === 'check' && !isChannel(values.channel))
    throw new GateCliError(
      values.channel === undefined
        ? `missing --channel (${CHANNELS.join(' or ')})`
        : `--channel must be ${CHANNELS.join(' or ')}, not "${values.channel}"`,
    );
  return { command, target, channel: values.channel, ...connectionOf(values, env) };
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      channel: { type: 'string', short: 'c' },
      server: { type: 'string', short: 's' },
      token: { type: 'string', short: 't' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/** GET (or POST `body` to) a JSON route; any answer but 200 becomes a GateCliError a person understands. */
export async function requestJson(
  o: Connection,
  path: string,
  io: Io,
  what: string,
  opts: { body?: unknown; use?: string } = {},
): Promise<unknown> {
  const url = new URL(`api/v1${path}`, o.server.href.endsWith('/') ? o.server : `${o.server.href}/`);
  let res: Response;
  try {
    res = await (io.fetch ?? fetch)(url, {
      ...(opts.body === undefined ? {} : { method: 'POST', body: JSON.stringify(opts.body) }),
      headers: {
        authorization: `Bearer ${o.token}`,
        accept: 'application/json',
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${o.timeoutMs / 1000}s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new GateCliError(`cannot reach ${o.server.origin}: ${why}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GateCliError(`${o.server.origin} answered ${res.status} with something that is not JSON`);
  }
  if (res.status === 200) return body;
  const message = (body as { error?: { message?: string } })?.error?.message ?? `status ${res.status}`;
  const reason: Record<number, string> = {
    401: `the server refused the token (401): ${message}`,
    403: `the token may not use ${opts.use ?? 'the gate'} (403): ${message}`,
    404: `${what} not found, or not visible to this token (404)`,
    400: `the server refused the request (400): ${message}`,
  };
  throw new GateCliError(reason[res.status] ?? `the server answered ${res.status}: ${message}`, body);
}

type GateBlocker = CanShipResult['blockers'][number];

/** Who clears a blocker, in words: `proposer`, `facilitator of legal_trust`, ... */
const ownerWords = (owner: NonNullable<GateBlocker['owner']>) =>
  `${owner.role.replaceAll('_', ' ')}${owner.area ? ` of ${owner.area}` : ''}`;

/**
 * One line per blocker: `CODE [area] message (owner: action)`; no brackets when the blocker has no area,
 * no owner when nobody can clear it.
 */
export const blockerLine = (b: GateBlocker) =>
  [
    b.code,
    b.area ? `[${b.area}]` : null,
    b.message,
    b.owner && b.action ? `(${ownerWords(b.owner)}: ${b.action.replaceAll('_', ' ')})` : null,
  ]
    .filter(Boolean)
    .join(' ');

async function check(o: Options, io: Io): Promise<number> {
  const path = `/gate/reviews/${encodeURIComponent(o.target)}?channel=${encodeURIComponent(o.channel!)}`;
  const body = await requestJson(o, path, io, `review ${o.target}`);
  const parsed = canShipResultSchema.safeParse(body);
  if (!parsed.success)
    throw new GateCliError(`${o.server.origin} gave an answer the gate does not recognise`);
  const r = parsed.data;
  const key = `DR-${r.reviewId}`;
  const revision = r.revision === null ? 'no revision' : `revision ${r.revision}`;
  if (o.json) io.out(JSON.stringify(body, null, 2));
  else if (r.canShip) io.out(`${key} may ship on ${r.channel} (${revision}).`);
  else {
    io.out(`${key} may not ship on ${r.channel} (${revision}): ${r.blockers.length} blocker(s)`);
    for (const b of r.blockers) io.out(blockerLine(b));
  }
  return r.canShip ? EXIT.mayShip : EXIT.blocked;
}

async function lookup(o: Options, io: Io): Promise<number> {
  const body = (await requestJson(o, `/gate/lookup?bug=${encodeURIComponent(o.target)}`, io, 'bug')) as {
    reviews?: { key: string }[];
  };
  if (o.json) io.out(JSON.stringify(body, null, 2));
  else for (const r of body.reviews ?? []) io.out(r.key);
  return EXIT.mayShip;
}

/** The whole command: returns the exit status, never throws. */
export async function runGateCli(argv: string[], io: Io): Promise<number> {
  let json = false;
  try {
    const first = argv[0];
    const help = `${USAGE}\n\n${CODE_REVIEW_USAGE.replace(/^ {7}/, 'usage: ')}`;
    if (first === 'intake' || first === 'land-check') {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(help);
        return EXIT.mayShip;
      }
      return await runCodeReviewCommand(
        first,
        argv.slice(1),
        { ...io, cwd: io.cwd ?? process.cwd() },
        (on) => {
          json = on;
        },
      );
    }
    const o = options(argv, io.env);
    if (o === 'help') {
      io.out(help);
      return EXIT.mayShip;
    }
    json = o.json;
    return o.command === 'check' ? await check(o, io) : await lookup(o, io);
  } catch (err) {
    if (err instanceof GateCliError) {
      if (json && err.body !== undefined) io.out(JSON.stringify(err.body, null, 2));
      io.err(`signoff-gate: ${err.message}`);
    } else io.err(`signoff-gate: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.error;
  }
}

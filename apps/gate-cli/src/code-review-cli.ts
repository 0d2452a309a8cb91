import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CHANNELS, isChannel } from '@signoff/core';
import { connectionOf, EXIT, GateCliError, type Io, requestJson } from './gate-cli.ts';

/**
 * `signoff-gate intake` and `signoff-gate land-check`: what a Phabricator or GitHub CI job runs around a
 * revision. Intake reads the changed Glean metrics.yaml files from git itself (both versions) and posts
 * them; land-check asks whether the revision may land.
 */

export const CODE_REVIEW_USAGE = `       signoff-gate intake --repository R --revision ID --base REF [--head REF] [--system S]
                           [--title T] [--author EMAIL] [--reviewer EMAIL ...] [--link URL] [--needs-classification]
       signoff-gate land-check <revision> --system S --repository R [--channel <${CHANNELS.join('|')}>]

  intake       run in a git checkout: posts the revision and every changed metrics.yaml (its text at the merge
               base of --base and --head, and at --head, default HEAD); --system defaults to phabricator for
               D123 ids and github for numbers; --title and --author default to the head commit's
               (needs a token with scope intake:write)
  land-check   may the revision land on the channel (default pre_release)? exit 0 yes, 1 blocked (blockers
               printed), 2 error (needs a token with scope gate:read)`;

const exec = promisify(execFile);

/** A Glean metrics definition file, by its name (`metrics.yaml`, `test_metrics.yaml`, …). */
export const isMetricsYaml = (path: string) => /(^|[_.-])metrics\.yaml$/.test(posix.basename(path));

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new GateCliError(`git ${args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n')[0]}`);
  }
}

/** A file's text at a commit, or null when the commit has no such file. */
async function textAt(cwd: string, commit: string, path: string): Promise<string | null> {
  const listed = await git(cwd, ['ls-tree', '--name-only', commit, '--', path]);
  if (listed.trim() === '') return null;
  return git(cwd, ['show', `${commit}:${path}`]);
}

/** Every changed metrics.yaml between the merge base of `base` and `head`, and `head`: both texts. */
export async function changedMetricsFiles(cwd: string, base: string, head: string) {
  const baseCommit = (await git(cwd, ['merge-base', base, head])).trim();
  const names = (await git(cwd, ['diff', '--name-only', '--no-renames', '-z', baseCommit, head, '--']))
    .split('\0')
    .filter((p) => p !== '' && isMetricsYaml(p));
  const files = [];
  for (const path of names.sort())
    files.push({ path, before: await textAt(cwd, baseCommit, path), after: await textAt(cwd, head, path) });
  return files;
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      repository: { type: 'string', short: 'r' },
      revision: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      system: { type: 'string' },
      title: { type: 'string' },
      author: { type: 'string' },
      reviewer: { type: 'string', multiple: true },
      link: { type: 'string' },
      'needs-classification': { type: 'boolean' },
      channel: { type: 'string', short: 'c' },
      server: { type: 'string', short: 's' },
      token: { type: 'string', short: 't' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  });

function args(argv: string[]) {
  try {
    return parse(argv);
  } catch (err) {
    throw new GateCliError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

const required = (value: string | undefined, name: string) => {
  if (!value) throw new GateCliError(`missing --${name}`);
  return value;
};

/** phabricator for `D123`, github for a number; otherwise the caller names it. */
export function systemOf(revision: string, given: string | undefined): string {
  if (given) return given;
  if (/^D\d+$/.test(revision)) return 'phabricator';
  if (/^\d+$/.test(revision)) return 'github';
  throw new GateCliError(`missing --system (cannot tell it from the revision id "${revision}")`);
}

interface Metric {
  name: string;
  dataSensitivity: string[];
  changedFields: string[];
}

async function intake(
  argv: string[],
  io: Io & { cwd: string },
  json: (on: boolean) => void,
): Promise<number> {
  const { values, positionals } = args(argv);
  if (positionals.length > 1) throw new GateCliError(`unexpected argument "${positionals[1]}"`);
  const o = connectionOf(values, io.env);
  json(o.json);
  const repository = required(values.repository, 'repository');
  const revision = required(values.revision, 'revision');
  const base = required(values.base, 'base');
  const head = values.head ?? 'HEAD';
  const system = systemOf(revision, values.system);
  const files = await changedMetricsFiles(io.cwd, base, head);
  const title = values.title ?? (await git(io.cwd, ['log', '-1', '--format=%s', head])).trim();
  const author = values.author ?? (await git(io.cwd, ['log', '-1', '--format=%ae', head])).trim();
  const body = await requestJson(o, '/intake/revisions', io, `revision ${revision}`, {
    use: 'intake (it needs the scope intake:write)',
    body: {
      system,
      repository,
      revision,
      title: title || revision,
      author,
      reviewers: values.reviewer ?? [],
      ...(values.link ? { link: values.link } : {}),
      needsClassification: values['needs-classification'] ?? false,
      files,
    },
  });
  const r = body as {
    needsClassification: boolean;
    suggestedLevel: string | null;
    classification: string;
    metrics: { added: Metric[]; changed: Metric[]; removed: Metric[] };
  };
  if (o.json) {
    io.out(JSON.stringify(body, null, 2));
    return EXIT.mayShip;
  }
  const { added, changed, removed } = r.metrics;
  const counts = `${added.length} added, ${changed.length} changed, ${removed.length} removed in ${files.length} metrics.yaml file(s)`;
  io.out(
    r.needsClassification
      ? `${revision} needs data classification (needs-data-classification): ${counts}; suggested level ${r.suggestedLevel ?? 'none'}.`
      : `${revision} needs no data classification (${r.classification}): ${counts}.`,
  );
  for (const m of added)
    io.out(`added   ${m.name} (${m.dataSensitivity.join(', ') || 'no data_sensitivity'})`);
  for (const m of changed)
    io.out(
      `changed ${m.name} (${m.dataSensitivity.join(', ') || 'no data_sensitivity'}): ${m.changedFields.join(', ')}`,
    );
  for (const m of removed) io.out(`removed ${m.name}`);
  return EXIT.mayShip;
}

interface LandingBody {
  canLand: boolean;
  channel: string;
  classification: string;
  blockers: { code: string; message: string; owner: { role: string; emails: string[] } }[];
  review?: { key: string; blockers: { code: string; message: string; area?: string }[] };
}

async function landCheck(argv: string[], io: Io, json: (on: boolean) => void): Promise<number> {
  const { values, positionals } = args(argv);
  const [revision, ...extra] = positionals;
  if (!revision) throw new GateCliError('missing <revision>');
  if (extra.length) throw new GateCliError(`unexpected argument "${extra[0]}"`);
  const system = required(values.system, 'system');
  const repository = required(values.repository, 'repository');
  if (values.channel !== undefined && !isChannel(values.channel))
    throw new GateCliError(`--channel must be ${CHANNELS.join(' or ')}, not "${values.channel}"`);
  const o = connectionOf(values, io.env);
  json(o.json);
  const path = `/land/${[system, repository, revision].map(encodeURIComponent).join('/')}${
    values.channel ? `?channel=${values.channel}` : ''
  }`;
  const body = (await requestJson(o, path, io, `revision ${revision} (take it in first)`)) as LandingBody;
  if (typeof body?.canLand !== 'boolean' || !Array.isArray(body.blockers))
    throw new GateCliError(`${o.server.origin} gave an answer the landing check does not recognise`);
  if (o.json) io.out(JSON.stringify(body, null, 2));
  else if (body.canLand)
    io.out(`${revision} may land on ${body.channel} (data classification: ${body.classification}).`);
  else {
    io.out(`${revision} may not land on ${body.channel}: ${body.blockers.length} blocker(s)`);
    for (const b of body.blockers) {
      const owner = `${b.owner.role}${b.owner.emails.length ? `: ${b.owner.emails.join(', ')}` : ''}`;
      io.out(`${b.code} ${b.message} (owner ${owner})`);
      if (b.code === 'DATA_REVIEW_PENDING' && body.review)
        for (const rb of body.review.blockers)
          io.out(
            `  ${body.review.key} ${[rb.code, rb.area ? `[${rb.area}]` : null, rb.message].filter(Boolean).join(' ')}`,
          );
    }
  }
  return body.canLand ? EXIT.mayShip : EXIT.blocked;
}

/** `intake` or `land-check`: the exit status; errors are the caller's to print. */
export function runCodeReviewCommand(
  command: 'intake' | 'land-check',
  argv: string[],
  io: Io & { cwd: string },
  json: (on: boolean) => void,
): Promise<number> {
  return command === 'intake' ? intake(argv, io, json) : landCheck(argv, io, json);
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appRouter } from '@signoff/api';
import { describe, expect, it } from 'vitest';

type ProcedureDef = { _def: { inputs?: unknown[]; output?: unknown; type: string } };
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures,
);

describe('the router', () => {
  it('declares an output schema on every procedure, and an input schema on every mutation', () => {
    expect(procedures.length).toBeGreaterThan(50);
    const missingOutput = procedures.filter(([, p]) => !p._def.output).map(([k]) => k);
    const mutationsWithoutInput = procedures
      .filter(([k, p]) => p._def.type === 'mutation' && !(p._def.inputs?.length ?? 0) && k !== 'auth.signOut')
      .map(([k]) => k);
    expect(missingOutput).toEqual([]);
    expect(mutationsWithoutInput).toEqual([]);
  });
});

describe('the routers', () => {
  const dir = fileURLToPath(new URL('../src/routers/', import.meta.url));
  const sources = readdirSync(dir).map((f) => [f, readFileSync(`${dir}${f}`, 'utf8')] as const);

  it('import no other router: what they share lives below them', () => {
    // Every relative import of a router, resolved: none may land in the routers' folder.
    const offenders = sources.flatMap(([f, s]) =>
      [...s.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
        .map((m) => fileURLToPath(new URL(m[1]!, `file://${dir}${f}`)))
        .filter((target) => target.startsWith(dir))
        .map((target) => `${f} → ${target.slice(dir.length)}`),
    );
    expect(sources.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('are imported by the root router only: nothing below them reaches up for a schema or a loader', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const below = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.startsWith('routers/') && f !== 'root.ts')
      .filter((f) => /from '[^']*routers\//.test(readFileSync(`${src}${f}`, 'utf8')));
    expect(below).toEqual([]);
  });

  it('never open a review write themselves: the command pipeline locks, loads and audits', () => {
    const offenders = sources.filter(([, s]) => /lockVisibleReview|lockReview\(/.test(s)).map(([f]) => f);
    expect(offenders).toEqual([]);
  });
});

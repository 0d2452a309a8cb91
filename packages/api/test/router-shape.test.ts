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

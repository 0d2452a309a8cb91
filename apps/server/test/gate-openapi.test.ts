import { BLOCKER_CODES } from '@signoff/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type GateServer, startGateServer } from '../../../test/gate-fixtures.ts';
import { restRoutes } from '../src/routes.ts';

let t: TestDatabase;
let server: GateServer;
// biome-ignore lint/suspicious/noExplicitAny: the document under test is arbitrary parsed JSON.
let doc: any;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startGateServer(t);
  const res = await fetch(`${server.base}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

/** Every `$ref` in the document, wherever it is. */
const refs = (node: unknown): string[] =>
  Array.isArray(node)
    ? node.flatMap(refs)
    : node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)))
      : [];

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document served without a token', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every /api/v1 route with its method', () => {
    for (const route of restRoutes()) {
      const path = route.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      expect(doc.paths[path], path).toBeDefined();
      expect(doc.paths[path][route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
  });

  it('resolves every $ref to a component schema', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) {
      const name = ref.replace('#/components/schemas/', '');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    for (const schema of Object.values(doc.components.schemas) as Record<string, unknown>[]) {
      expect(schema.$schema).toBeUndefined();
      expect(schema.$id).toBeUndefined();
    }
  });

  it('lists every blocker code with its description', () => {
    const codes = doc.components.schemas.BlockerCode;
    expect(codes.enum).toEqual(Object.keys(BLOCKER_CODES));
    expect(
      Object.fromEntries(
        codes.oneOf.map((o: { const: string; description: string }) => [o.const, o.description]),
      ),
    ).toEqual(BLOCKER_CODES);
    for (const code of Object.keys(BLOCKER_CODES)) expect(doc.info.description).toContain(`\`${code}\``);
    expect(doc.components.schemas.Blocker.properties.code).toEqual({
      $ref: '#/components/schemas/BlockerCode',
    });
  });

  it('derives the shapes from the zod schemas: the SPEC 11 answer, the channel, the batch limit', () => {
    const s = doc.components.schemas;
    expect(s.CanShipResult.required.sort()).toEqual(
      ['blockers', 'canShip', 'channel', 'evaluatedAt', 'reviewId', 'revision'].sort(),
    );
    expect(s.Channel.enum).toEqual(['release', 'pre_release']);
    expect(s.GateCheckRequest.properties.items).toMatchObject({ maxItems: 1000, minItems: 1 });
    const single = doc.paths['/gate/reviews/{review}'].get;
    expect(
      single.parameters.map((p: { name: string; in: string; required: boolean }) => [
        p.name,
        p.in,
        p.required,
      ]),
    ).toEqual([
      ['review', 'path', true],
      ['channel', 'query', true],
    ]);
    expect(Object.keys(single.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(doc.paths['/gate/lookup'].get.parameters[0].schema).toMatchObject({ type: 'string' });
  });
});

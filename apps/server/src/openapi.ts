import {
  gateAnswerSchema,
  gateItemSchema,
  intakeInputSchema,
  intakeOutputSchema,
  landingAnswerSchema,
  publicListOutput,
  publicReviewSchema,
  reviewRefSchema,
} from '@signoff/api';
import {
  BLOCKER_CODES,
  BLOCKER_ORDER,
  BLOCKER_STEPS,
  blockerCodeSchema,
  blockerSchema,
  channelSchema,
  codeRevisionRefSchema,
  LANDING_BLOCKER_CODES,
  LANDING_BLOCKER_ORDER,
} from '@signoff/core';
import { z } from 'zod';
import { INTAKE_SCOPE } from './code-review-routes.ts';
import {
  canShipResultSchema,
  errorResponseSchema,
  GATE_SCOPE,
  gateCheckInputSchema,
  gateCheckOutputSchema,
  gateLookupOutputSchema,
  gateLookupQuerySchema,
  MAX_BATCH,
  pingSchema,
} from './gate-routes.ts';
import { sendJson } from './respond.ts';
import type { RestRoute } from './rest.ts';

type JsonSchema = Record<string, unknown>;

/** Named components, generated from the very zod schemas the routes validate with. */
const COMPONENTS = {
  ReviewRef: reviewRefSchema,
  Channel: channelSchema,
  BlockerCode: blockerCodeSchema,
  Blocker: blockerSchema,
  CanShipResult: canShipResultSchema,
  GateItem: gateItemSchema,
  GateAnswer: gateAnswerSchema,
  GateCheckRequest: gateCheckInputSchema,
  GateCheckResponse: gateCheckOutputSchema,
  GateLookupResponse: gateLookupOutputSchema,
  IntakeRequest: intakeInputSchema,
  IntakeResponse: intakeOutputSchema,
  LandingAnswer: landingAnswerSchema,
  Error: errorResponseSchema,
} as const;

/** Request bodies are described as accepted (unknown keys are ignored), answers as produced. */
const REQUESTS: readonly string[] = ['GateItem', 'GateCheckRequest', 'IntakeRequest'];

const strip = (s: JsonSchema) => {
  delete s.$schema;
  delete s.$id;
  return s;
};

/** One schema inline (parameters), without the dialect marker. */
const inline = (schema: z.ZodType) => strip(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);
const output = (schema: z.ZodType) => strip(z.toJSONSchema(schema, { io: 'output' }) as JsonSchema);

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const generate = (io: 'input' | 'output') =>
    (
      z.toJSONSchema(registry, {
        target: 'draft-2020-12',
        io,
        uri: (id) => `#/components/schemas/${id}`,
      }) as { schemas: Record<string, JsonSchema> }
    ).schemas;
  const inputs = generate('input');
  const outputs = generate('output');
  const schemas = Object.fromEntries(
    Object.keys(COMPONENTS).map((id) => [id, strip((REQUESTS.includes(id) ? inputs : outputs)[id]!)]),
  );
  // Each stable blocker code with its one-line meaning (SPEC 11).
  schemas.BlockerCode = {
    type: 'string',
    description: 'Why a review may not ship. Codes are stable; new rules add new codes.',
    enum: BLOCKER_ORDER,
    oneOf: BLOCKER_ORDER.map((code) => ({ const: code, description: BLOCKER_CODES[code] })),
  };
  schemas.LandingBlockerCode = {
    type: 'string',
    description: 'Why a revision may not land (SPEC 14).',
    enum: LANDING_BLOCKER_ORDER,
    oneOf: LANDING_BLOCKER_ORDER.map((code) => ({ const: code, description: LANDING_BLOCKER_CODES[code] })),
  };
  return schemas;
}

const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  '400': json(ref('Error'), 'Invalid input; the message names each field and what it accepts.'),
  '401': json(ref('Error'), 'No valid bearer token.'),
  '403': json(ref('Error'), `The token lacks the scope ${GATE_SCOPE}.`),
};
const channelParameter = {
  name: 'channel',
  in: 'query',
  required: true,
  description: '`release`, or `pre_release` (Beta, Nightly, Preview, Developer Edition…).',
  schema: ref('Channel'),
};

/** OpenAPI 3.1 for the /api/v1 routes. JSON Schema 2020-12 is OpenAPI 3.1's own schema dialect. */
export function openApiDocument(): JsonSchema {
  const clears = (c: (typeof BLOCKER_ORDER)[number]) => {
    const step = BLOCKER_STEPS[c];
    return step ? `${step.role.replaceAll('_', ' ')}: \`${step.action}\`` : 'nobody (final)';
  };
  const blockerTable = BLOCKER_ORDER.map((c) => `| \`${c}\` | ${BLOCKER_CODES[c]} | ${clears(c)} |`).join(
    '\n',
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sign-off tracker: release gate',
      version: '1.0.0',
      description: [
        'Answers "can this review ship on this channel?" for any CI job. Authenticate with an automation',
        `token of scope \`${GATE_SCOPE}\` (\`npm run admin -- create-token --email E --scope ${GATE_SCOPE}\`)`,
        'or a signed-in session. `canShip` is true only when `blockers` is empty. Each blocker names its',
        '`owner` (the role who clears it, with the area for a facilitator) and the `action` that clears it;',
        'both are null when nobody can (the usual owner below; an open mitigation names whoever moves it next).',
        '',
        '| blocker code | meaning | usually cleared by |',
        '|---|---|---|',
        blockerTable,
      ].join('\n'),
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/gate/reviews/{review}': {
        get: {
          operationId: 'gateCanShip',
          summary: 'Can one review ship on a channel?',
          parameters: [
            {
              name: 'review',
              in: 'path',
              required: true,
              description: 'The review key (`DR-42`) or its id (`42`).',
              schema: ref('ReviewRef'),
            },
            channelParameter,
          ],
          responses: {
            '200': json(ref('CanShipResult'), 'The answer, whether or not the review can ship.'),
            ...errors,
            '404': json(ref('Error'), 'No such review, or the caller may not see it.'),
          },
        },
      },
      '/gate/check': {
        post: {
          operationId: 'gateCheck',
          summary: `Answer up to ${MAX_BATCH} {review, channel} questions at once.`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('GateCheckRequest') } },
          },
          responses: {
            '200': json(
              ref('GateCheckResponse'),
              'One answer per item, in order; an unknown or invisible review answers with `error.code` NOT_FOUND.',
            ),
            ...errors,
          },
        },
      },
      '/gate/lookup': {
        get: {
          operationId: 'gateLookup',
          summary: 'Reviews that name a bug number.',
          parameters: [
            {
              name: 'bug',
              in: 'query',
              required: true,
              description: "A bug number named in a review's external references.",
              schema: inline(gateLookupQuerySchema.shape.bug),
            },
          ],
          responses: {
            '200': json(ref('GateLookupResponse'), 'Matching reviews (possibly none).'),
            ...errors,
          },
        },
      },
      '/intake/revisions': {
        post: {
          operationId: 'intakeRevision',
          summary:
            'Code-review intake: a revision and its changed Glean metrics.yaml files (before and after). Idempotent.',
          description: [
            `A code-review bot or CI job with a token of scope \`${INTAKE_SCOPE}\``,
            `(\`npm run admin -- create-token --email E --scope ${INTAKE_SCOPE}\`). The answer lists the metrics`,
            'added, changed (any field, data_sensitivity included) and removed, says whether the revision needs',
            'data classification (needs-data-classification: metrics added or changed, or `needsClassification`),',
            'and suggests a level from data_sensitivity (technical and interaction: low; anything else: high).',
            'Sending the same revision again after a new diff updates it; metrics not yet classified reopen it.',
          ].join(' '),
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('IntakeRequest') } },
          },
          responses: {
            '200': json(ref('IntakeResponse'), 'Taken in (or the same intake again: `unchanged`).'),
            '400': json(
              ref('Error'),
              'A malformed body or metrics.yaml: the message and `issues` name the field, or the file (and side of the change) and line.',
            ),
            '401': json(ref('Error'), 'No valid bearer token.'),
            '403': json(ref('Error'), `The token lacks the scope ${INTAKE_SCOPE}.`),
          },
        },
      },
      '/land/{system}/{repository}/{revision}': {
        get: {
          operationId: 'landingCheck',
          summary: 'May this revision land? (data classification and, for high, its data review)',
          parameters: [
            ...(['system', 'repository', 'revision'] as const).map((name) => ({
              name,
              in: 'path',
              required: true,
              description:
                name === 'repository'
                  ? 'The repository; percent-encode a slash (`mozilla%2Fgecko-dev`).'
                  : name === 'system'
                    ? '`phabricator`, `github`, or another named system.'
                    : 'The revision id: `D123456`, a pull request number.',
              schema: inline(codeRevisionRefSchema.shape[name]),
            })),
            {
              ...channelParameter,
              required: false,
              description:
                'The channel the code lands in; default `pre_release` (landing in mozilla-central ships to Nightly).',
            },
          ],
          responses: {
            '200': json(
              ref('LandingAnswer'),
              '`canLand` is true only when `blockers` (NEEDS_DATA_CLASSIFICATION, DATA_REVIEW_PENDING, see LandingBlockerCode) is empty; each blocker names its owner.',
            ),
            ...errors,
            '404': json(ref('Error'), 'The revision was never taken in.'),
          },
        },
      },
      '/public/reviews': {
        get: {
          operationId: 'publicReviews',
          summary:
            'Transparency: public reviews and their decisions (no sign-in; private ones appear once shipped).',
          security: [],
          parameters: ['status', 'productId', 'category', 'q', 'cursor', 'limit'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: {},
            description: name === 'status' ? 'Comma-separated statuses.' : undefined,
          })),
          responses: {
            '200': json(output(publicListOutput), 'A page of public reviews; `nextCursor` fetches the next.'),
            '400': json(ref('Error'), 'A query parameter broke its rule; the message names it.'),
          },
        },
      },
      '/public/reviews/{review}': {
        get: {
          operationId: 'publicReview',
          summary: 'Transparency: one public review with its decisions.',
          security: [],
          parameters: [{ name: 'review', in: 'path', required: true, schema: ref('ReviewRef') }],
          responses: {
            '200': json(output(publicReviewSchema), 'The review page.'),
            '404': json(ref('Error'), 'No such public review.'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document.',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document.' } },
        },
      },
      '/ping': {
        get: {
          operationId: 'ping',
          summary: 'Does nothing; the ceiling the benchmark compares the gate with.',
          security: [],
          responses: {
            '200': json(inline(pingSchema), 'Always.'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: `Automation token with scope ${GATE_SCOPE}.` },
      },
      schemas: componentSchemas(),
    },
  };
}

const PONG: z.infer<typeof pingSchema> = { ok: true };

export const openApiRoutes = (): RestRoute[] => {
  let document: string | null = null;
  return [
    {
      method: 'GET',
      path: '/openapi.json',
      async handle(_r, res) {
        document ??= JSON.stringify(openApiDocument());
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'public, max-age=300');
        res.end(document);
      },
    },
    {
      method: 'GET',
      path: '/ping',
      async handle(_r, res) {
        sendJson(res, 200, PONG);
      },
    },
  ];
};

-- Escalation (SPEC 9): position papers, shared and commented, an optional meeting, the decision by the
-- decision maker of the current level (product owner, then CPO, then CEO).
CREATE TABLE escalations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id        bigint NOT NULL REFERENCES reviews (id),
  opened_by        bigint NOT NULL REFERENCES people (id),
  facilitator_id   bigint NOT NULL REFERENCES people (id),
  areas            text[] NOT NULL CHECK (cardinality(areas) BETWEEN 1 AND 4
                     AND areas <@ ARRAY['privacy_technical', 'data', 'legal_trust', 'security']),
  question         text NOT NULL CHECK (length(question) BETWEEN 1 AND 10000),
  level            text NOT NULL DEFAULT 'product_owner' CHECK (level IN ('product_owner', 'cpo', 'ceo')),
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decided')),
  papers_shared_at timestamptz,
  decision         text CHECK (decision IN ('proceed', 'proceed_with_mitigations', 'do_not_ship')),
  rationale        text,
  decided_by       bigint REFERENCES people (id),
  decided_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'decided') = (decision IS NOT NULL))
);
CREATE INDEX escalations_review ON escalations (review_id, id);
CREATE INDEX escalations_open ON escalations (level, id) WHERE state = 'open';

-- Every version of every paper is kept; the latest per author is the current one.
CREATE TABLE position_papers (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  escalation_id  bigint NOT NULL REFERENCES escalations (id),
  author_id      bigint NOT NULL REFERENCES people (id),
  version        integer NOT NULL CHECK (version > 0),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (escalation_id, author_id, version)
);

CREATE TABLE escalation_comments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  escalation_id  bigint NOT NULL REFERENCES escalations (id),
  author_id      bigint NOT NULL REFERENCES people (id),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escalation_comments_escalation ON escalation_comments (escalation_id, id);

CREATE TABLE escalation_meetings (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  escalation_id  bigint NOT NULL REFERENCES escalations (id),
  state          text NOT NULL CHECK (state IN ('scheduled', 'held', 'cancelled')),
  scheduled_for  timestamptz NOT NULL,
  agenda         text NOT NULL,
  notes          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escalation_meetings_escalation ON escalation_meetings (escalation_id, id);

-- Mitigations created by a `proceed_with_mitigations` decision point at it.
ALTER TABLE mitigations ADD COLUMN escalation_id bigint REFERENCES escalations (id);

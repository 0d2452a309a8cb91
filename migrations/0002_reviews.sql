-- The review workflow: reviews, documentation revisions, steward reviews, area sign-offs,
-- reviewers and comments, mitigations, live discussions, announcements, idempotency.

CREATE TABLE reviews (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key                   text GENERATED ALWAYS AS ('DR-' || id::text) STORED UNIQUE,
  product_id            bigint NOT NULL REFERENCES products (id),
  title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  status                text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'returned', 'sensitive_review', 'approved', 'shipped', 'withdrawn')),
  proposer_id           bigint NOT NULL REFERENCES people (id),
  requester_id          bigint NOT NULL REFERENCES people (id),
  engineering_owner_id  bigint REFERENCES people (id),
  runs_in_experiments   boolean NOT NULL DEFAULT false,
  visibility            text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  private_reason        text,
  category              smallint CHECK (category BETWEEN 1 AND 4),
  steward_outcome       text CHECK (steward_outcome IN ('data-review+', 'data-review-')),
  current_revision      integer NOT NULL DEFAULT 0,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  submitted_at          timestamptz,
  shipped_at            timestamptz,
  CHECK (visibility = 'public' OR private_reason IS NOT NULL)
);
CREATE INDEX reviews_status ON reviews (status, id);
CREATE INDEX reviews_product ON reviews (product_id, id);
CREATE INDEX reviews_proposer ON reviews (proposer_id, id);
CREATE INDEX reviews_title_search ON reviews USING gin (to_tsvector('english', title));

CREATE TABLE review_channels (
  review_id      bigint NOT NULL REFERENCES reviews (id),
  channel        text NOT NULL CHECK (channel IN ('release', 'pre_release')),
  default_state  text NOT NULL CHECK (default_state IN ('on', 'off')),
  PRIMARY KEY (review_id, channel)
);

-- Bug numbers, code review links: searchable from the gate ("lookup?bug=N").
CREATE TABLE external_refs (
  review_id  bigint NOT NULL REFERENCES reviews (id),
  kind       text NOT NULL CHECK (kind IN ('bug', 'code_review', 'other')),
  value      text NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
  PRIMARY KEY (review_id, kind, value)
);
CREATE INDEX external_refs_value ON external_refs (kind, value);

-- Immutable documentation revisions.
CREATE TABLE revisions (
  review_id     bigint NOT NULL REFERENCES reviews (id),
  number        integer NOT NULL CHECK (number > 0),
  author_id     bigint NOT NULL REFERENCES people (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  content       jsonb NOT NULL,
  content_hash  text NOT NULL,
  PRIMARY KEY (review_id, number)
);

CREATE TABLE steward_reviews (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id        bigint NOT NULL REFERENCES reviews (id),
  revision         integer NOT NULL,
  steward_id       bigint NOT NULL REFERENCES people (id),
  answers          jsonb NOT NULL,
  category         smallint NOT NULL CHECK (category BETWEEN 1 AND 4),
  category_reason  text,
  outcome          text NOT NULL CHECK (outcome IN ('data-review+', 'data-review-')),
  problems         jsonb NOT NULL DEFAULT '[]',
  comment          text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX steward_reviews_review ON steward_reviews (review_id, id);

-- Every recorded area decision; the latest per (review, area) is the one that counts.
CREATE TABLE sign_offs (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id            bigint NOT NULL REFERENCES reviews (id),
  area                 text NOT NULL CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  revision             integer NOT NULL,
  facilitator_id       bigint NOT NULL REFERENCES people (id),
  risk                 text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  decision             text NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'rejected')),
  rationale            text NOT NULL CHECK (length(rationale) > 0),
  precedent_review_id  bigint REFERENCES reviews (id),
  trust_approval       boolean NOT NULL DEFAULT false,
  reconfirms_id        bigint REFERENCES sign_offs (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT trust_approval OR area = 'legal_trust')
);
CREATE INDEX sign_offs_review ON sign_offs (review_id, area, id DESC);

CREATE TABLE area_reviewers (
  review_id  bigint NOT NULL REFERENCES reviews (id),
  area       text NOT NULL CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  person_id  bigint NOT NULL REFERENCES people (id),
  added_by   bigint NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, area, person_id)
);
CREATE INDEX area_reviewers_person ON area_reviewers (person_id);

CREATE TABLE comments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id   bigint NOT NULL REFERENCES reviews (id),
  area        text CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  author_id   bigint NOT NULL REFERENCES people (id),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_review ON comments (review_id, id);

CREATE TABLE mitigations (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id             bigint NOT NULL REFERENCES reviews (id),
  area                  text NOT NULL CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  kind                  text NOT NULL CHECK (kind IN ('ux_notice', 'technical_control', 'risk_assessment', 'other')),
  description           text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
  state                 text NOT NULL
    CHECK (state IN ('requested', 'proposed', 'implemented', 'accepted', 'rejected', 'withdrawn')),
  created_by            bigint NOT NULL REFERENCES people (id),
  implemented_revision  integer,
  decision_note         text,
  decided_by            bigint REFERENCES people (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mitigations_review ON mitigations (review_id, id);
CREATE INDEX mitigations_open_by_area ON mitigations (area, state) WHERE state IN ('implemented');

CREATE TABLE discussions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id      bigint NOT NULL REFERENCES reviews (id),
  area           text CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  state          text NOT NULL CHECK (state IN ('scheduled', 'held', 'cancelled')),
  scheduled_for  timestamptz NOT NULL,
  attendees      jsonb NOT NULL DEFAULT '[]',
  agenda         text NOT NULL,
  notes          text,
  outcome        text,
  created_by     bigint NOT NULL REFERENCES people (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX discussions_review ON discussions (review_id, id);

-- The mailing-list announcement: sent through the outbox, or recorded as sent by hand.
CREATE TABLE announcements (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id     bigint NOT NULL REFERENCES reviews (id),
  method        text NOT NULL CHECK (method IN ('outbox', 'manual')),
  mail_id       bigint,
  archive_link  text,
  recorded_by   bigint NOT NULL REFERENCES people (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (method = 'outbox' OR archive_link IS NOT NULL)
);
CREATE INDEX announcements_review ON announcements (review_id, id);

-- A repeated idempotency key returns the first result and writes nothing again.
CREATE TABLE idempotency_keys (
  actor_label  text NOT NULL,
  key          text NOT NULL,
  procedure    text NOT NULL,
  result       jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_label, key)
);

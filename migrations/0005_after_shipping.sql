-- After shipping and around it (SPEC 12): Glean metrics.yaml imports, renewals of a collection period,
-- the annual survey of shipped collections.

-- A review drafted from Glean metrics.yaml files: the metrics whose `bugs` list the bug, with their
-- data_sensitivity. The latest import of a review is the one its category must match.
CREATE TABLE glean_imports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id    bigint NOT NULL REFERENCES reviews (id),
  bug          text NOT NULL CHECK (bug ~ '^[0-9]{1,10}$'),
  -- The documentation revision the import produced.
  revision     integer NOT NULL CHECK (revision > 0),
  -- [{ name, sha256 }] of every file read.
  files        jsonb NOT NULL,
  -- [{ name, file, line, type, dataSensitivity, category, expires, notificationEmails, bugs }]
  metrics      jsonb NOT NULL,
  imported_by  bigint NOT NULL REFERENCES people (id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX glean_imports_review ON glean_imports (review_id, id DESC);

-- The shorter renewal form: a link to the original review (review_id), the new expiry, and why the first
-- period was not enough; a data steward's renewal review (data-review+ / data-review-) decides it.
CREATE TABLE renewals (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  review_id         bigint NOT NULL REFERENCES reviews (id),
  requested_by      bigint NOT NULL REFERENCES people (id),
  previous_expires  text,
  new_expires       text NOT NULL CHECK (length(new_expires) BETWEEN 1 AND 200),
  monitored_by      text,
  reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 10000),
  bug               text,
  state             text NOT NULL DEFAULT 'requested'
    CHECK (state IN ('requested', 'approved', 'rejected', 'withdrawn')),
  steward_id        bigint REFERENCES people (id),
  outcome           text CHECK (outcome IN ('data-review+', 'data-review-')),
  steward_review    text,
  decided_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('approved', 'rejected')) = (outcome IS NOT NULL)),
  CHECK (state <> 'approved' OR outcome = 'data-review+'),
  CHECK (state <> 'rejected' OR outcome = 'data-review-')
);
-- At most one renewal waits for a steward per review.
CREATE UNIQUE INDEX renewals_one_pending ON renewals (review_id) WHERE state = 'requested';
CREATE INDEX renewals_review ON renewals (review_id, id DESC);

-- "Every year, the data collection owner and peers will survey all of the existing data collection systems."
CREATE TABLE surveys (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year        integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2200),
  opened_by   bigint NOT NULL REFERENCES people (id),
  due_at      timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One item per shipped collection, for its accountable owner: still necessary, and why? who is responsible now?
CREATE TABLE survey_items (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id        bigint NOT NULL REFERENCES surveys (id),
  review_id        bigint NOT NULL REFERENCES reviews (id),
  owner_id         bigint NOT NULL REFERENCES people (id),
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered')),
  still_necessary  boolean,
  reason           text CHECK (length(reason) BETWEEN 1 AND 10000),
  responsible_id   bigint REFERENCES people (id),
  answered_by      bigint REFERENCES people (id),
  answered_at      timestamptz,
  reminders_sent   integer NOT NULL DEFAULT 0 CHECK (reminders_sent >= 0),
  last_reminded_at timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (survey_id, review_id),
  CHECK ((state = 'answered') = (still_necessary IS NOT NULL AND reason IS NOT NULL
    AND responsible_id IS NOT NULL AND answered_by IS NOT NULL AND answered_at IS NOT NULL))
);
CREATE INDEX survey_items_owner ON survey_items (owner_id, survey_id);
CREATE INDEX survey_items_review ON survey_items (review_id, id DESC);

-- Code review intake (SPEC 14): revisions in a code-review system (Phabricator, GitHub, ...), the Glean
-- metrics their diff adds, changes or removes, and their data classification by author and reviewers.
CREATE TABLE code_revisions (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  system            text NOT NULL CHECK (system ~ '^[a-z][a-z0-9_-]{0,39}$'),
  repository        text NOT NULL CHECK (length(repository) BETWEEN 1 AND 200),
  revision          text NOT NULL CHECK (revision ~ '^[A-Za-z0-9._-]{1,100}$'),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  link              text CHECK (length(link) <= 2000),
  author_email      text NOT NULL CHECK (length(author_email) BETWEEN 3 AND 254),
  -- The latest intake's metrics diff: { added: [...], changed: [...], removed: [...] }.
  metrics           jsonb NOT NULL,
  -- [{ path, before: sha256 | null, after: sha256 | null }] of the files of the latest intake.
  files             jsonb NOT NULL,
  manual_tag        boolean NOT NULL DEFAULT false,
  -- sha256 of the latest intake's canonical content: the same intake again writes nothing.
  intake_hash       text NOT NULL,
  intakes           integer NOT NULL DEFAULT 1 CHECK (intakes > 0),
  -- The classification round: a re-intake bringing metrics not yet classified opens a new one.
  round             integer NOT NULL DEFAULT 1 CHECK (round > 0),
  -- What this round is about: fingerprints of the metrics to classify (and the manual tag).
  round_fingerprints text[] NOT NULL DEFAULT '{}',
  -- Everything a settled round covered: bringing it again does not reopen the classification.
  classified_fingerprints text[] NOT NULL DEFAULT '{}',
  review_id         bigint REFERENCES reviews (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (system, repository, revision)
);
CREATE INDEX code_revisions_review ON code_revisions (review_id) WHERE review_id IS NOT NULL;
CREATE INDEX code_revisions_updated ON code_revisions (updated_at DESC, id DESC);

-- Reviewers by email (people unknown to the product too); the data stewards are added, blocking, when a
-- revision goes high.
CREATE TABLE code_revision_reviewers (
  code_revision_id  bigint NOT NULL REFERENCES code_revisions (id),
  email             text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  blocking          boolean NOT NULL DEFAULT false,
  data_steward      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (code_revision_id, email)
);

-- Every assessment ever made (append-only); a person's latest of the current round counts.
CREATE TABLE classification_assessments (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_revision_id  bigint NOT NULL REFERENCES code_revisions (id),
  round             integer NOT NULL CHECK (round > 0),
  person_id         bigint NOT NULL REFERENCES people (id),
  email             text NOT NULL,
  role              text NOT NULL CHECK (role IN ('author', 'reviewer')),
  level             text NOT NULL CHECK (level IN ('low', 'high', 'unnecessary')),
  comment           text NOT NULL CHECK (length(comment) BETWEEN 1 AND 10000),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classification_assessments_revision ON classification_assessments (code_revision_id, round, id);

-- The landing check keeps answers like lists: any committed change to these tables notifies
-- 'signoff_lists_changed' (the function of migrations/0011).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['code_revisions', 'code_revision_reviewers', 'classification_assessments'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_lists_changed()',
                   t || '_notify_lists_changed', t);
  END LOOP;
END $$;

-- People, roles, products, areas, sessions, automation tokens, and the append-only audit trail.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE people (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         citext NOT NULL UNIQUE,
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash text,
  active        boolean NOT NULL DEFAULT true,
  is_admin      boolean NOT NULL DEFAULT false,
  is_steward    boolean NOT NULL DEFAULT false,
  executive_role text CHECK (executive_role IN ('cpo', 'ceo')),
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- At most one CPO and one CEO at a time.
CREATE UNIQUE INDEX people_one_executive_per_role ON people (executive_role) WHERE executive_role IS NOT NULL AND active;

CREATE TABLE products (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  owner_id   bigint NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The four fixed risk-assessment areas; facilitators are assigned by an admin.
CREATE TABLE area_facilitators (
  area       text NOT NULL CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  person_id  bigint NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (area, person_id)
);

-- Failed sign-ins per email, whether or not a person has it, so a lockout never tells who exists.
CREATE TABLE sign_in_throttle (
  email        citext PRIMARY KEY,
  failures     integer NOT NULL DEFAULT 0,
  last_failure timestamptz NOT NULL,
  locked_until timestamptz
);

CREATE TABLE sessions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people (id),
  token_hash  bytea NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);

CREATE TABLE api_tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people (id),
  name        text NOT NULL,
  token_hash  bytea NOT NULL UNIQUE,
  scopes      text[] NOT NULL CHECK (cardinality(scopes) > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Append-only; events are hash-chained per stream ('review:<id>' or 'admin').
CREATE TABLE audit_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream     text NOT NULL,
  seq        integer NOT NULL,
  review_id  bigint,
  actor_id   bigint,
  actor_label text NOT NULL,
  action     text NOT NULL,
  subject    text,
  before     jsonb,
  after      jsonb,
  at         timestamptz NOT NULL,
  prev_hash  text NOT NULL,
  hash       text NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX audit_events_review ON audit_events (review_id, seq);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Single sign-on (OpenID Connect): who a person is at the identity provider, the sign-ins in flight,
-- and the one-time codes that hand a finished sign-in to the web or desktop client.

-- One identity (issuer + subject) belongs to one person; a person may have several (another provider).
CREATE TABLE sso_identities (
  issuer     text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
  subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  person_id  bigint NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_person ON sso_identities (person_id);

-- Roles and areas a person holds because the provider's claims granted them ('admin', 'steward',
-- 'area:data', ...): only these may the provider take away again (and never 'admin' silently).
ALTER TABLE people ADD COLUMN sso_grants text[] NOT NULL DEFAULT '{}';

-- A sign-in sent to the provider and not yet back: its state, nonce and PKCE verifier (RFC 7636), and the
-- challenge of the client (web or desktop) that started it. Used once; minutes long.
CREATE TABLE sso_logins (
  state            text PRIMARY KEY CHECK (length(state) BETWEEN 16 AND 200),
  nonce            text NOT NULL,
  code_verifier    text NOT NULL,
  client           text NOT NULL CHECK (client IN ('web', 'desktop')),
  client_challenge text NOT NULL CHECK (client_challenge ~ '^[A-Za-z0-9_-]{43}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);

-- A finished sign-in waiting for its client: only the client holding the challenge's verifier can turn
-- it into a session, once (RFC 8252: a deep link may be seen by another app; the code alone is useless).
CREATE TABLE sso_handoffs (
  code_hash        bytea PRIMARY KEY,
  person_id        bigint NOT NULL REFERENCES people (id),
  client_challenge text NOT NULL,
  issuer           text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);

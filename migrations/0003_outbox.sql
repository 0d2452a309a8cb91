-- The transactional outbox (SPEC 8): every mail the product sends is a row written in the transaction of
-- the change that causes it, so a rolled-back change sends nothing and a committed one is never forgotten.
-- A delivery worker claims due rows (FOR UPDATE SKIP LOCKED), sends them over SMTP and records each attempt.

CREATE TABLE outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('announcement', 'notification')),
  review_id        bigint REFERENCES reviews (id),
  to_addresses     text[] NOT NULL CHECK (cardinality(to_addresses) BETWEEN 1 AND 100),
  -- No line breaks: a subject is one header line (header injection).
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 998 AND subject !~ '[\r\n]'),
  body_text        text NOT NULL CHECK (length(body_text) <= 1000000),
  -- Chosen at enqueue time and sent unchanged on every attempt, so a retried mail is recognisably the same.
  message_id       text NOT NULL UNIQUE CHECK (message_id ~ '^<[^<>@[:space:]]+@[^<>@[:space:]]+>$'),
  -- queued: waiting for its first attempt (or retried by an admin); sending: claimed by a worker until
  -- next_attempt_at (the lease); retrying: the last attempt failed, next one at next_attempt_at;
  -- sent: accepted by the mail server; failed: refused for good (5xx), held until an admin retries it.
  state            text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'retrying', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
-- What the delivery worker scans: only mail still to be delivered.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state IN ('queued', 'sending', 'retrying');
CREATE INDEX outbox_review ON outbox (review_id, id) WHERE review_id IS NOT NULL;
CREATE INDEX outbox_recent ON outbox (created_at DESC, id DESC);

-- Every delivery attempt, successful or not, with its error or the server's reply.
CREATE TABLE outbox_attempts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mail_id      bigint NOT NULL REFERENCES outbox (id),
  attempt      integer NOT NULL CHECK (attempt > 0),
  worker       text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  -- NULL while in flight; 'abandoned' when the worker's lease ran out before it reported back.
  outcome      text CHECK (outcome IN ('sent', 'retry', 'failed', 'abandoned')),
  error        text,
  response     text,
  UNIQUE (mail_id, attempt),
  CHECK ((outcome IS NULL) = (finished_at IS NULL))
);

ALTER TABLE announcements ADD CONSTRAINT announcements_mail_id_fkey FOREIGN KEY (mail_id) REFERENCES outbox (id);

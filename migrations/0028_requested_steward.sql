-- The Bugzilla habit (issue 14): the proposer names the data steward they request when they submit, as the
-- data-review? flag's requestee is named; any data steward may still take it.
ALTER TABLE reviews ADD COLUMN requested_steward_id bigint REFERENCES people (id);

-- "A couple of days": a request no steward acted on within two working days of its submission reminds the
-- requested steward and the stewards' list, once per submission (a resubmission waits anew).
CREATE TABLE steward_request_reminders (
  review_id     bigint NOT NULL REFERENCES reviews (id),
  submitted_at  timestamptz NOT NULL,
  sent_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, submitted_at)
);

-- Notification preferences and sign-off reminders (at most one per pending sign-off per period).
ALTER TABLE people ADD COLUMN notifications boolean NOT NULL DEFAULT true;

CREATE TABLE sign_off_reminders (
  review_id     bigint NOT NULL REFERENCES reviews (id),
  area          text NOT NULL CHECK (area IN ('privacy_technical', 'data', 'legal_trust', 'security')),
  period_start  timestamptz NOT NULL,
  mail_id       bigint REFERENCES outbox (id),
  PRIMARY KEY (review_id, area, period_start)
);

-- When the review entered the sensitive review: sign-offs are pending from then.
ALTER TABLE reviews ADD COLUMN sensitive_review_at timestamptz;

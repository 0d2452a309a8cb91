-- Reminders go to the owners of every open step that has waited (issue 13), not only sign-offs: one row per
-- step (its action and the mitigation or escalation it is about) per waiting period, claimed in the same
-- transaction as its mail, so two servers never remind one step twice in one period.
CREATE TABLE step_reminders (
  review_id bigint NOT NULL REFERENCES reviews (id),
  step text NOT NULL,
  period_start timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, step, period_start)
);

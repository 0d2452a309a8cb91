-- What the data steward answered beside the yes/no questions (review.md, issue 14): Q2's exception (the
-- collection is needed for security purposes, so Mozilla need not provide a control) and Q5 (default-on or
-- default-off). Until now they decided the review and were not kept; reviews recorded before read NULL.
ALTER TABLE steward_reviews
  ADD COLUMN needed_for_security boolean,
  ADD COLUMN default_state text CHECK (default_state IN ('on', 'off', 'varies_by_channel'));

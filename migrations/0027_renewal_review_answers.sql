-- The renewal review's two questions (renewal_review.md, issue 14): "Is the provided Data Collection Review
-- complete, correct, and data-review+ by a Data Steward?" and "Is the data collection covered by the existing
-- Firefox Privacy Notice?", each { answer: yes|no|unsure, note? }. Renewals decided before the questions were
-- asked keep NULL; every renewal decided from now on has both answers.
ALTER TABLE renewals ADD COLUMN review_answers jsonb
  CHECK (review_answers IS NULL OR (
    jsonb_typeof(review_answers) = 'object'
    AND review_answers->'originalReviewComplete'->>'answer' IN ('yes', 'no', 'unsure')
    AND review_answers->'privacyNoticeCoverage'->>'answer' IN ('yes', 'no', 'unsure')));

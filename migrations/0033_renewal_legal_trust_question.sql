-- A renewal can open a question to Trust and Legal (issue 14): "a data steward may escalate concerns to the
-- Trust and Legal teams", as the first review's questions 7 and 9 do. The steward reviewing a renewal asks
-- one question; the renewal waits for Legal/Trust's answer before the steward decides it.
ALTER TABLE renewals
  ADD COLUMN legal_trust_question    text,
  ADD COLUMN legal_trust_asked_by    bigint REFERENCES people (id),
  ADD COLUMN legal_trust_asked_at    timestamptz,
  ADD COLUMN legal_trust_answer      text,
  ADD COLUMN legal_trust_answered_by bigint REFERENCES people (id),
  ADD COLUMN legal_trust_answered_at timestamptz,
  ADD CONSTRAINT renewals_legal_trust_asked CHECK (
    (legal_trust_question IS NULL) = (legal_trust_asked_by IS NULL)
    AND (legal_trust_question IS NULL) = (legal_trust_asked_at IS NULL)),
  ADD CONSTRAINT renewals_legal_trust_answered CHECK (
    (legal_trust_answer IS NULL) = (legal_trust_answered_by IS NULL)
    AND (legal_trust_answer IS NULL) = (legal_trust_answered_at IS NULL)
    AND (legal_trust_answer IS NULL OR legal_trust_question IS NOT NULL));

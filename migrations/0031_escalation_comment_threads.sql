-- Escalation comments are threaded (issue 15), as area comments are (0020): a comment may answer an earlier
-- comment of the same escalation. The command checks the escalation; the key keeps the parent real.
ALTER TABLE escalation_comments ADD COLUMN reply_to bigint REFERENCES escalation_comments (id);
CREATE INDEX escalation_comments_reply_to ON escalation_comments (reply_to) WHERE reply_to IS NOT NULL;

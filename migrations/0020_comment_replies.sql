-- Comments are threaded (issue 15): a comment may answer an earlier comment of the same review and area.
ALTER TABLE comments ADD COLUMN reply_to bigint REFERENCES comments (id);
CREATE INDEX comments_reply_to ON comments (reply_to) WHERE reply_to IS NOT NULL;

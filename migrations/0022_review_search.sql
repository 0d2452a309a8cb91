-- Full-text search over reviews (issue 15, "find anything"): the words of each documentation revision
-- (every string of the request form) and of each review's key and title, each with a GIN index on the
-- same expression the search uses (packages/api/src/review-search.ts), so no column is added to rows that
-- are read whole. The search asks only the current revision: a wording a later revision dropped does not
-- find the review. 'english' stems words (tracking finds track); the key uses 'simple' (no stemming).
CREATE INDEX revisions_search_text ON revisions
  USING gin (jsonb_to_tsvector('english'::regconfig, content, '["string"]'::jsonb));

CREATE INDEX reviews_search_text ON reviews
  USING gin ((to_tsvector('simple'::regconfig, 'DR-' || id::text) || to_tsvector('english'::regconfig, title)));

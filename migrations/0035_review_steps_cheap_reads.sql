-- Issue 13: the stored open steps (migrations/0034) read cheaply, and review.search's "blocked on me" read from
-- them instead of the old candidate SQL.
--
-- Before every read of the summaries the API asks which of them must be computed first (dirty, past valid_until,
-- or by other rules). In 0034 that was one condition over every review_step_state row: a sequential scan of the
-- whole table on every inbox and review.list request. Now two expression indexes answer "is anything stale?" with
-- three index descents (min and max of an index are its ends, whatever the table's size or statistics), and the
-- table is scanned only when something is:
--   review_step_state_due: when a summary stops being fresh by itself: at once ('-infinity') when dirty, at its
--     valid_until, or never ('infinity'). Something is dirty or expired at p_now iff the smallest is <= p_now.
--   review_step_state_rules: the rules version (NULL as ''), in byte order. Every summary is by rules p_version
--     iff the smallest and the largest both equal p_version. So a summary left by another server of other rules
--     (two versions on one database during a deploy) is caught on the next read, not only at a server's start.
DROP INDEX review_step_state_dirty;
DROP INDEX review_step_state_valid_until;
CREATE INDEX review_step_state_due ON review_step_state
  ((CASE WHEN dirty THEN '-infinity'::timestamptz ELSE coalesce(valid_until, 'infinity'::timestamptz) END));
CREATE INDEX review_step_state_rules ON review_step_state ((coalesce(rules_version, '') COLLATE "C"));

-- Whether any summary must be computed before a read at `p_now` by rules `p_version` (three index descents).
CREATE FUNCTION review_steps_stale(p_now timestamptz, p_version text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT min(CASE WHEN dirty THEN '-infinity'::timestamptz
                                   ELSE coalesce(valid_until, 'infinity'::timestamptz) END)
                     FROM review_step_state) <= p_now, false)
      OR coalesce((SELECT min(coalesce(rules_version, '') COLLATE "C") FROM review_step_state) <> p_version, false)
      OR coalesce((SELECT max(coalesce(rules_version, '') COLLATE "C") FROM review_step_state) <> p_version, false)
$$;

-- The reviews whose summary must be computed before a read at `p_now` by rules `p_version`. The first condition
-- holds no column of `s`: PostgreSQL evaluates it once, before the scan, and skips the scan when nothing is stale.
CREATE OR REPLACE FUNCTION stale_review_steps(p_now timestamptz, p_version text) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT s.review_id FROM review_step_state s
   WHERE review_steps_stale(p_now, p_version)
     AND (s.dirty
      OR s.valid_until <= p_now
      OR s.rules_version IS DISTINCT FROM p_version)
$$;

-- The reviews where `p_me` has a step to take now (core's actsNow over the stored steps): review.list's
-- needsMyAction and review.search's blockedOnMe. The property test (packages/api/test/inbox-sql-property.test.ts)
-- holds both equal to core.
CREATE FUNCTION reviews_waiting_on(p_me bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT s.review_id FROM review_steps_of(p_me) s WHERE s.ready
$$;

-- The candidates of the inbox before the stored summary (migrations/0023): review.search's blockedOnMe was its
-- last reader, and no test held it equal to core any more.
DROP FUNCTION inbox_review_ids(bigint, text[], boolean, text, bigint, integer);

-- A facilitator's inbox ("needs my action") as one function of five index-ordered branches, each stopping
-- after `lim` rows, instead of one filter of five ORs that scans reviews newest first until enough match.
-- PL/pgSQL keeps the function's plan for the session (generic plan): planning the branches on every call
-- would cost more than running them. The branches are the rule of review-list.ts `needsMyAction`:
--   a sensitive review one of my areas has not approved (not my own);
--   a submitted review, for a steward (not my own);
--   my own draft or returned review;
--   an implemented mitigation in one of my areas, waiting for my acceptance (not my own review);
--   my own review with a mitigation requested of me.
-- `before` is the list's cursor (NULL: from the newest); `lim` NULL means every match.
CREATE INDEX mitigations_implemented ON mitigations (area, review_id) WHERE state = 'implemented';
CREATE INDEX mitigations_requested ON mitigations (review_id) WHERE state = 'requested';
DROP INDEX mitigations_open_by_area;

CREATE FUNCTION inbox_review_ids(p_me bigint, p_areas text[], p_steward boolean, p_before bigint, p_lim integer)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
ROWS 25
AS $$
DECLARE
  top bigint := coalesce(p_before, 9223372036854775807);
BEGIN
  RETURN QUERY
  SELECT u.id FROM (
    (SELECT r.id FROM reviews r
      WHERE r.status = 'sensitive_review' AND cardinality(p_areas) > 0 AND r.proposer_id <> p_me
        AND NOT r.approved_areas @> p_areas AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE p_steward AND r.status = 'submitted' AND r.proposer_id <> p_me AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE r.proposer_id = p_me AND r.status IN ('draft', 'returned') AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT DISTINCT m.review_id FROM mitigations m JOIN reviews r ON r.id = m.review_id
      WHERE m.state = 'implemented' AND m.area = ANY (p_areas) AND r.proposer_id <> p_me AND m.review_id < top
      ORDER BY m.review_id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE r.proposer_id = p_me AND r.id < top
        AND EXISTS (SELECT 1 FROM mitigations m WHERE m.review_id = r.id AND m.state = 'requested')
      ORDER BY r.id DESC LIMIT p_lim)
  ) u
  ORDER BY u.id DESC LIMIT p_lim;
END $$;

-- Lists (the inbox, review.list) read more than the gate's facts: product names and owners, reviewers,
-- external references. Any committed change to a table a list reads notifies 'signoff_lists_changed', so a
-- server can keep list answers until then. Statement-level: one notification per statement and table.
CREATE FUNCTION notify_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('signoff_lists_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reviews', 'products', 'area_reviewers', 'steward_reviews', 'mitigations',
                           'external_refs', 'sign_offs'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_lists_changed()',
                   t || '_notify_lists_changed', t);
  END LOOP;
END $$;

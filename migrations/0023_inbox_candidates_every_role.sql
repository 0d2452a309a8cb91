-- "Needs my action" for every role (issue 13): the reviews where a person may have an open step now, as one
-- function of index-ordered branches, each stopping after `lim` rows. It answers for speed only: the API runs
-- core's openSteps over what it returns and keeps the reviews where the person has a step to take now, and a
-- property test (packages/api/test/inbox-sql-property.test.ts) holds that it misses none of them.
-- Replaces the function of migrations/0011, which excluded only the creator from judging and gave the
-- requester and the engineering owner none of their own reviews' steps. Branches:
--   my own review (creator, requester or engineering owner), not withdrawn: every proposer's step;
--   for a steward, a submitted review, or one whose measurements rose above its category (not my own);
--   a sensitive review where one of my areas may sign now: not yet approved on the current revision, its turn
--     (privacy/technical and data first), not waiting for the proposer's changes; or legal/trust approved
--     without the Trust approval; or judged high risk in my area (the live discussion) (not my own);
--   an implemented mitigation in one of my areas, waiting for its judgement (not my own review);
--   an open escalation I take part in: its opener, its facilitator, the decision maker of its level, a
--     facilitator or reviewer of a disputed area.
DROP FUNCTION inbox_review_ids(bigint, text[], boolean, bigint, integer);

CREATE FUNCTION inbox_review_ids(p_me bigint, p_areas text[], p_steward boolean, p_executive text,
                                 p_before bigint, p_lim integer)
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
      WHERE r.proposer_id = p_me AND r.status <> 'withdrawn' AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE r.requester_id = p_me AND r.status <> 'withdrawn' AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE r.engineering_owner_id = p_me AND r.status <> 'withdrawn' AND r.id < top
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE p_steward AND r.status = 'submitted' AND r.id < top
        AND r.proposer_id <> p_me AND r.requester_id <> p_me AND r.engineering_owner_id IS DISTINCT FROM p_me
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      JOIN revisions v ON v.review_id = r.id AND v.number = r.current_revision
      WHERE p_steward AND r.status IN ('approved', 'sensitive_review', 'shipped') AND r.id < top
        AND r.proposer_id <> p_me AND r.requester_id <> p_me AND r.engineering_owner_id IS DISTINCT FROM p_me
        AND r.category < (SELECT max((x->>'category')::int) FROM jsonb_array_elements(
              CASE WHEN jsonb_typeof(v.content->'measurements') = 'array' THEN v.content->'measurements' ELSE '[]'::jsonb END) x
            WHERE jsonb_typeof(x->'category') = 'number')
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT r.id FROM reviews r
      WHERE r.status = 'sensitive_review' AND cardinality(p_areas) > 0 AND r.id < top
        AND r.proposer_id <> p_me AND r.requester_id <> p_me AND r.engineering_owner_id IS DISTINCT FROM p_me
        AND EXISTS (
          SELECT 1 FROM unnest(p_areas) AS a(area)
           LEFT JOIN LATERAL (SELECT so.revision, so.decision, so.risk, so.trust_approval FROM sign_offs so
                               WHERE so.review_id = r.id AND so.area = a.area ORDER BY so.id DESC LIMIT 1) s ON true
           WHERE (NOT a.area = ANY (r.approved_areas)
                  AND (a.area IN ('privacy_technical', 'data') OR r.approved_areas @> ARRAY['privacy_technical', 'data'])
                  AND NOT (s.revision IS NOT DISTINCT FROM r.current_revision AND s.decision IN ('changes_requested', 'rejected')))
              OR (a.area = 'legal_trust' AND s.revision = r.current_revision AND s.decision = 'approved' AND NOT s.trust_approval)
              OR (s.risk = 'high' AND NOT EXISTS (SELECT 1 FROM discussions d
                                                   WHERE d.review_id = r.id AND d.state = 'held'
                                                     AND a.area = ANY (coalesce(d.held_for_areas,
                                                           CASE WHEN d.area IS NULL THEN '{}'::text[] ELSE ARRAY[d.area] END)))))
      ORDER BY r.id DESC LIMIT p_lim)
    UNION
    (SELECT DISTINCT m.review_id FROM mitigations m JOIN reviews r ON r.id = m.review_id
      WHERE m.state = 'implemented' AND m.area = ANY (p_areas) AND m.review_id < top
        AND r.proposer_id <> p_me AND r.requester_id <> p_me AND r.engineering_owner_id IS DISTINCT FROM p_me
      ORDER BY m.review_id DESC LIMIT p_lim)
    UNION
    (SELECT DISTINCT e.review_id FROM escalations e JOIN reviews r ON r.id = e.review_id
      JOIN products p ON p.id = r.product_id
      WHERE e.state = 'open' AND e.review_id < top
        AND (e.opened_by = p_me OR e.facilitator_id = p_me
             OR (e.level = 'product_owner' AND p.owner_id = p_me) OR e.level = p_executive
             OR e.areas && p_areas
             OR EXISTS (SELECT 1 FROM area_reviewers ar WHERE ar.review_id = r.id AND ar.person_id = p_me
                          AND ar.area = ANY (e.areas)))
      ORDER BY e.review_id DESC LIMIT p_lim)
  ) u
  ORDER BY u.id DESC LIMIT p_lim;
END $$;

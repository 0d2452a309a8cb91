-- Two rules that lived only in SQL move to core (issue 13); the commands keep what the read path needs.
--
-- 1. Approved areas. `reviews.approved_areas` stays (lists and inboxes read it of thousands of reviews at
--    once), but the triggers of 0010 no longer compute it: every command that records a sign-off or a
--    documentation revision stores core's `areasApproved` in its own transaction
--    (packages/api/src/commands/approved-areas.ts).
DROP TRIGGER sign_offs_refresh_approved_areas ON sign_offs;
DROP TRIGGER reviews_refresh_approved_areas ON reviews;
DROP FUNCTION sign_offs_refresh_approved_areas();
DROP FUNCTION reviews_refresh_approved_areas();
DROP FUNCTION approved_areas_of(bigint, integer);

-- 2. Announcement state. The gate's facts carry each announcement's method and mail state instead of a
--    state worked out here; core's `announcementState` derives it (review_facts as in 0024 otherwise).
DROP FUNCTION review_facts(bigint[]);
CREATE FUNCTION review_facts(ids bigint[])
RETURNS TABLE (
  id bigint, key text, status text, category smallint, steward_outcome text, current_revision integer,
  runs_in_experiments boolean, channels json, form jsonb, sign_offs json, mitigations json, discussions json,
  announcements json, escalations json, renewed_expires text, glean_metrics jsonb
)
LANGUAGE plpgsql STABLE
-- A custom plan per call would cost more to make than to run (the sub-selects all use indexes).
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY
  SELECT r.id, r.key, r.status, r.category, r.steward_outcome, r.current_revision, r.runs_in_experiments,
    (SELECT coalesce(json_agg(json_build_object('channel', c.channel, 'defaultState', c.default_state) ORDER BY c.channel), '[]')
       FROM review_channels c WHERE c.review_id = r.id),
    (SELECT jsonb_build_object(
              'turnOffMechanism', v.content->'turnOffMechanism',
              'advanceUserNotice', v.content->'advanceUserNotice',
              'consentMechanism', v.content->'consentMechanism',
              'optOutMechanism', v.content->'optOutMechanism',
              'collectionPeriod', v.content->'collectionPeriod',
              'highestMeasurementCategory', (
                SELECT max((x->>'category')::int) FROM jsonb_array_elements(
                  CASE WHEN jsonb_typeof(v.content->'measurements') = 'array' THEN v.content->'measurements' ELSE '[]'::jsonb END) x
                WHERE jsonb_typeof(x->'category') = 'number'),
              'collectionStartsOn', (
                SELECT min(sr.created_at AT TIME ZONE 'UTC')::date::text FROM steward_reviews sr
                WHERE sr.review_id = r.id AND sr.outcome = 'data-review+'),
              'legalTrustQuestionsOpen', (
                SELECT count(*) FROM legal_trust_questions q WHERE q.review_id = r.id AND q.state = 'open'))
       FROM revisions v WHERE v.review_id = r.id AND v.number = r.current_revision),
    (SELECT coalesce(json_agg(json_build_object('area', s.area, 'revision', s.revision, 'risk', s.risk,
              'decision', s.decision, 'trustApproval', s.trust_approval) ORDER BY s.area), '[]')
       FROM (SELECT DISTINCT ON (so.area) so.* FROM sign_offs so WHERE so.review_id = r.id ORDER BY so.area, so.id DESC) s),
    (SELECT coalesce(json_agg(json_build_object('id', m.id, 'area', m.area, 'kind', m.kind, 'state', m.state) ORDER BY m.id), '[]')
       FROM mitigations m WHERE m.review_id = r.id),
    (SELECT coalesce(json_agg(json_build_object('area', d.area, 'state', d.state, 'heldForAreas', d.held_for_areas) ORDER BY d.id), '[]')
       FROM discussions d WHERE d.review_id = r.id),
    -- Every announcement with its mail's state; core's announcementState decides what they amount to.
    (SELECT coalesce(json_agg(json_build_object('method', a.method, 'mailState', o.state) ORDER BY a.id), '[]')
       FROM announcements a LEFT JOIN outbox o ON o.id = a.mail_id WHERE a.review_id = r.id),
    (SELECT coalesce(json_agg(json_build_object('id', e.id, 'state', e.state, 'decision', e.decision, 'areas', e.areas) ORDER BY e.id), '[]')
       FROM escalations e WHERE e.review_id = r.id),
    -- The latest approved renewal extends the collection period.
    (SELECT n.new_expires::text FROM renewals n WHERE n.review_id = r.id AND n.state = 'approved' ORDER BY n.id DESC LIMIT 1),
    -- The metrics of the latest Glean import, with their data_sensitivity.
    (SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('name', gm->>'name', 'dataSensitivity', gm->'dataSensitivity'))
                        FROM jsonb_array_elements(g.metrics) gm), '[]')
       FROM glean_imports g WHERE g.review_id = r.id ORDER BY g.id DESC LIMIT 1)
  FROM reviews r
  WHERE r.id = ANY(ids);
END $$;

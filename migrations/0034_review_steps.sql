-- Issue 13: the stored summary of each review's open steps, computed by core (stepSummary: openSteps with the
-- owners of global roles unresolved) and read by the inbox and review.list with one indexed query instead of
-- running openSteps over every candidate review on each request.
--
-- review_step_state: one row per review. `dirty` is set by the triggers below whenever a table core's steps read
-- changes (review_facts and the review's people); the command pipeline recomputes the summary of every review it
-- audits in the same transaction, and a read recomputes first every review whose summary is dirty, past
-- `valid_until` (the gate's clock: the end of the collection period) or written by other rules (`rules_version`).
CREATE TABLE review_step_state (
  review_id     bigint PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
  dirty         boolean NOT NULL DEFAULT true,
  rules_version text,
  valid_until   timestamptz,
  computed_at   timestamptz
);
CREATE INDEX review_step_state_dirty ON review_step_state (review_id) WHERE dirty;
CREATE INDEX review_step_state_valid_until ON review_step_state (valid_until);

-- One row per open step. The owner is `owner_ids` (named people of this review) and the holders of
-- `owner_roles` ('facilitator:<area>', 'steward', 'executive:cpo|ceo'), except `except_ids` and the holders of
-- `except_roles`; who holds a role is read at query time, so an admin's role change needs no recompute.
CREATE TABLE review_steps (
  review_id     bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  ordinal       integer NOT NULL,
  action        text NOT NULL,
  area          text,
  mitigation_id bigint,
  escalation_id bigint,
  blocker       text,
  ready         boolean NOT NULL,
  waits_for     jsonb NOT NULL,
  owner_role    text NOT NULL,
  owner_area    text,
  owner_ids     bigint[] NOT NULL,
  owner_roles   text[] NOT NULL,
  except_ids    bigint[] NOT NULL,
  except_roles  text[] NOT NULL,
  -- Core's words for the step and what it waits on, and since when it waits.
  label         text NOT NULL,
  waits_on      text[] NOT NULL,
  waiting_since timestamptz NOT NULL,
  PRIMARY KEY (review_id, ordinal)
);
CREATE INDEX review_steps_owner_ids ON review_steps USING gin (owner_ids);
CREATE INDEX review_steps_owner_roles ON review_steps USING gin (owner_roles);

-- Every review starts without a summary: the first read (or the server's start) computes it.
INSERT INTO review_step_state (review_id) SELECT id FROM reviews;

CREATE FUNCTION mark_review_steps_stale(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO review_step_state (review_id)
  SELECT DISTINCT i FROM unnest(ids) AS u(i) WHERE i IS NOT NULL
  ON CONFLICT (review_id) DO UPDATE SET dirty = true WHERE NOT review_step_state.dirty
$$;

-- The safety net: any writer of what the steps read (commands, jobs, the mail worker, imports, admin tools,
-- later migrations) marks the review's summary dirty. TG_ARGV[0] says how a row names its review.
CREATE FUNCTION review_steps_stale_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
  o jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
BEGIN
  IF TG_ARGV[0] = 'id' THEN
    PERFORM mark_review_steps_stale(ARRAY[(n->>'id')::bigint]);
  ELSIF TG_ARGV[0] = 'escalation_id' THEN
    PERFORM mark_review_steps_stale(ARRAY(SELECT e.review_id FROM escalations e
      WHERE e.id IN ((n->>'escalation_id')::bigint, (o->>'escalation_id')::bigint)));
  ELSIF TG_ARGV[0] = 'product_id' THEN
    PERFORM mark_review_steps_stale(ARRAY(SELECT r.id FROM reviews r
      WHERE r.product_id IN ((n->>'id')::bigint, (o->>'id')::bigint)));
  ELSE
    PERFORM mark_review_steps_stale(ARRAY[(n->>'review_id')::bigint, (o->>'review_id')::bigint]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER review_steps_stale AFTER INSERT OR UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION review_steps_stale_trigger('id');
CREATE TRIGGER review_steps_stale AFTER UPDATE OF owner_id ON products
  FOR EACH ROW EXECUTE FUNCTION review_steps_stale_trigger('product_id');
CREATE TRIGGER review_steps_stale AFTER INSERT OR UPDATE OR DELETE ON position_papers
  FOR EACH ROW EXECUTE FUNCTION review_steps_stale_trigger('escalation_id');
CREATE TRIGGER review_steps_stale AFTER INSERT OR UPDATE OR DELETE ON escalation_comments
  FOR EACH ROW EXECUTE FUNCTION review_steps_stale_trigger('escalation_id');
CREATE TRIGGER review_steps_stale AFTER INSERT OR UPDATE ON outbox
  FOR EACH ROW WHEN (NEW.kind = 'announcement') EXECUTE FUNCTION review_steps_stale_trigger('review_id');
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['review_channels', 'revisions', 'steward_reviews', 'sign_offs', 'area_reviewers',
    'mitigations', 'discussions', 'announcements', 'escalations', 'glean_imports', 'renewals',
    'legal_trust_questions']
  LOOP
    EXECUTE format('CREATE TRIGGER review_steps_stale AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION review_steps_stale_trigger(%L)', t, 'review_id');
  END LOOP;
END $$;

-- The reviews whose summary must be computed before a read at `p_now` by rules `p_version`.
CREATE FUNCTION stale_review_steps(p_now timestamptz, p_version text) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  SELECT s.review_id FROM review_step_state s
   WHERE s.dirty
      OR s.valid_until <= p_now
      OR s.rules_version IS DISTINCT FROM p_version
$$;

-- The stored steps `p_me` owns: the global roles resolved against their current holders (active people only).
-- Core's summaryStepsFor says the same; the property test (packages/api/test/inbox-sql-property.test.ts)
-- holds this equal to core's openSteps over fresh facts.
CREATE FUNCTION review_steps_of(p_me bigint) RETURNS SETOF review_steps
LANGUAGE sql STABLE AS $$
  SELECT s.* FROM review_steps s,
    (SELECT ARRAY(
        SELECT 'facilitator:' || f.area FROM area_facilitators f JOIN people p ON p.id = f.person_id
         WHERE f.person_id = p_me AND p.active
        UNION ALL
        SELECT 'steward' FROM people p WHERE p.id = p_me AND p.active AND p.is_steward
        UNION ALL
        SELECT 'executive:' || p.executive_role FROM people p
         WHERE p.id = p_me AND p.active AND p.executive_role IS NOT NULL) AS roles) me
   WHERE (s.owner_ids @> ARRAY[p_me] OR s.owner_roles && me.roles)
     AND NOT s.except_ids @> ARRAY[p_me]
     AND NOT s.except_roles && me.roles
$$;

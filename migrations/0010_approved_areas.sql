-- The areas whose latest sign-off approves a review's current revision, kept with the review by the
-- database itself (a derived column, maintained here only): lists and inboxes ask "which areas are still
-- waiting?" of thousands of reviews at once, and must not recompute it row by row.
ALTER TABLE reviews ADD COLUMN approved_areas text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION approved_areas_of(rid bigint, revision integer) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(s.area ORDER BY s.area), '{}')
  FROM (SELECT DISTINCT ON (area) area, revision, decision FROM sign_offs WHERE review_id = rid ORDER BY area, id DESC) s
  WHERE s.revision = approved_areas_of.revision AND s.decision = 'approved'
$$;

-- A new sign-off changes the review's approved areas.
CREATE FUNCTION sign_offs_refresh_approved_areas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reviews SET approved_areas = approved_areas_of(id, current_revision) WHERE id = NEW.review_id;
  RETURN NULL;
END $$;
CREATE TRIGGER sign_offs_refresh_approved_areas AFTER INSERT ON sign_offs
  FOR EACH ROW EXECUTE FUNCTION sign_offs_refresh_approved_areas();

-- A new documentation revision makes every earlier sign-off stale.
CREATE FUNCTION reviews_refresh_approved_areas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.approved_areas := approved_areas_of(NEW.id, NEW.current_revision);
  RETURN NEW;
END $$;
CREATE TRIGGER reviews_refresh_approved_areas BEFORE UPDATE OF current_revision ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_refresh_approved_areas();

UPDATE reviews SET approved_areas = approved_areas_of(id, current_revision) WHERE current_revision > 0;

CREATE INDEX reviews_sensitive ON reviews (id) WHERE status = 'sensitive_review';

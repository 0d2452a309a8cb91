-- Change notifications for caches: every committed change to what the release gate reads about a review
-- notifies 'signoff_review_changed' with the review's id; every change to who may call it (people, roles,
-- sessions, tokens) notifies 'signoff_principals_changed'. Triggers, so no write path can forget one;
-- PostgreSQL delivers them at commit, to every server that listens, and folds duplicates in a transaction.
CREATE FUNCTION notify_review_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid bigint;
BEGIN
  IF TG_TABLE_NAME = 'reviews' THEN
    rid := NEW.id;
  ELSE
    rid := NEW.review_id;
  END IF;
  IF rid IS NOT NULL THEN
    PERFORM pg_notify('signoff_review_changed', rid::text);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION notify_principals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('signoff_principals_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reviews', 'review_channels', 'revisions', 'steward_reviews', 'sign_offs', 'mitigations',
                           'discussions', 'announcements', 'escalations', 'renewals', 'glean_imports', 'outbox'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION notify_review_changed()',
                   t || '_notify_review_changed', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['people', 'area_facilitators', 'sessions', 'api_tokens'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_principals_changed()',
                   t || '_notify_principals_changed', t);
  END LOOP;
END $$;

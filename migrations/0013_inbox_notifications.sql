-- The desktop inbox (inbox.mine) reads more than review.list: revisions, escalations with their papers and
-- comments, and, for the proposer's own reviews, the gate's facts (channels, discussions, announcements and
-- their mail, renewals, Glean imports). A committed change to any of them notifies 'signoff_lists_changed'
-- too (the function of migrations/0011), so a server may keep an inbox until then.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['revisions', 'review_channels', 'escalations', 'position_papers', 'escalation_comments',
                           'escalation_meetings', 'discussions', 'announcements', 'renewals', 'glean_imports',
                           'outbox', 'area_facilitators', 'people'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_lists_changed()',
                   t || '_notify_lists_changed', t);
  END LOOP;
END $$;

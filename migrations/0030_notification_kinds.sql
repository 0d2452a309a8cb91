-- Notification preferences per kind of mail (issue 14): the kinds a person turned off. Essential mail
-- (reminders of one's own pending work, the annual survey) is never muted. Whoever had turned all optional
-- notifications off keeps them all off; `notifications` stays true exactly when some kind is on.
ALTER TABLE people ADD COLUMN muted_notifications text[] NOT NULL DEFAULT '{}';
UPDATE people SET muted_notifications = ARRAY[
  'sensitive_review_started', 'sign_off_turn', 'sign_off_stale', 'area_decision', 'mitigation_requested',
  'mitigation_awaits_acceptance', 'escalation_step', 'legal_trust_question', 'steward_requested',
  'renewal_requested', 'code_review'
]
WHERE NOT notifications;

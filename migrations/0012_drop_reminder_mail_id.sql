-- A sign-off reminder is one mail per facilitator of the area, so one mail id could never describe it; the
-- column was never filled. The mails are found in the outbox by review and subject.
ALTER TABLE sign_off_reminders DROP COLUMN mail_id;

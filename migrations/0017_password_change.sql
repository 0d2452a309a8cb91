-- Passwords can be changed and reset (issue 12): a password set by an admin (a reset, the first admin's
-- generated one) is one-time: until it is changed, the person may do nothing but change it.
ALTER TABLE people ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

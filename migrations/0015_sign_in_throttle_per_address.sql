-- Sign-in lockout per (email, client address) (issue 12): five failures from one address lock that email
-- for that address only, so nobody can lock another person (the admin) out from elsewhere. Old rows are
-- dropped: they were counted per email alone. last_failure is indexed for purging expired rows.
DELETE FROM sign_in_throttle;
ALTER TABLE sign_in_throttle ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE sign_in_throttle DROP CONSTRAINT sign_in_throttle_pkey;
ALTER TABLE sign_in_throttle ADD PRIMARY KEY (email, address);
CREATE INDEX sign_in_throttle_last_failure ON sign_in_throttle (last_failure);

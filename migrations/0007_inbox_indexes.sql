-- The inbox and every list filter by "reviews this person takes part in": look those up by person.
CREATE INDEX steward_reviews_steward ON steward_reviews (steward_id, review_id);
CREATE INDEX sign_offs_facilitator ON sign_offs (facilitator_id, review_id);
CREATE INDEX reviews_requester ON reviews (requester_id, id);
CREATE INDEX reviews_engineering_owner ON reviews (engineering_owner_id, id) WHERE engineering_owner_id IS NOT NULL;

-- A mitigation's exchange as a thread (issue 15): the facilitator's request, the proposer's reply, notes on
-- accepting or rejecting, each a message of its own. Before, a reply overwrote the mitigation's description
-- and a decision note replaced the previous one. Existing mitigations keep what they hold: their description
-- becomes the first message (by its creator) and a decision note the next (by whoever decided).
CREATE TABLE mitigation_messages (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mitigation_id  bigint NOT NULL REFERENCES mitigations (id),
  author_id      bigint NOT NULL REFERENCES people (id),
  -- 'open' for the text a mitigation was created with; else the move that carried it.
  move           text NOT NULL CHECK (move IN ('open', 'propose', 'implement', 'accept', 'reject', 'revise', 'withdraw')),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mitigation_messages_by_mitigation ON mitigation_messages (mitigation_id, id);

INSERT INTO mitigation_messages (mitigation_id, author_id, move, body, created_at)
SELECT id, created_by, 'open', description, created_at FROM mitigations ORDER BY id;

INSERT INTO mitigation_messages (mitigation_id, author_id, move, body, created_at)
SELECT id, coalesce(decided_by, created_by), CASE WHEN state = 'accepted' THEN 'accept' ELSE 'reject' END,
       decision_note, updated_at
FROM mitigations
WHERE decision_note IS NOT NULL AND length(decision_note) BETWEEN 1 AND 10000
ORDER BY id;

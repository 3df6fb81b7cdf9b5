-- The tenant schema every member of the test fleets is built from (applied with psycopg to each
-- live database, replayed into the shadow by the audit).
CREATE SCHEMA app;
CREATE TYPE app.note_kind AS ENUM ('plain', 'todo');
CREATE TABLE app.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.notes (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES app.accounts (id) ON DELETE CASCADE,
    kind app.note_kind NOT NULL DEFAULT 'plain',
    body text NOT NULL DEFAULT '' CHECK (length(body) < 10000)
);
CREATE INDEX notes_account_id_idx ON app.notes (account_id);
COMMENT ON TABLE app.accounts IS 'who writes notes';
COMMENT ON TABLE app.notes IS 'what they write';

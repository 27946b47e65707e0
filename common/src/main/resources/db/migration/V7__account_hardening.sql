-- Accounts hardening (issue 12).

-- Sessions ended by a logout before their exp. The api checks every session JWT's jti against this
-- list (through a Redis copy); a row is useless after expires_at and may be deleted then.
CREATE TABLE revoked_sessions (
    token_id   uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL
);

CREATE INDEX revoked_sessions_by_expiry ON revoked_sessions (expires_at);

-- Every change of a role, by whom: roles are granted by an operator, never by registering an email.
CREATE TABLE role_changes (
    id         bigserial PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    role       text        NOT NULL CHECK (role IN ('user', 'admin')),
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- The one way to change a role (./opad admin grant|revoke and the tests call it): finds the account
-- by its email as the api stores it (NFKC, lower case), sets the role and records the change in one
-- statement. Raises when there is no such account, so a typo never passes silently.
CREATE FUNCTION opad_set_role(account_email text, new_role text, changed_by text) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    account uuid;
BEGIN
    UPDATE users SET role = new_role
     WHERE email = lower(normalize(btrim(account_email), NFKC))
    RETURNING id INTO account;
    IF account IS NULL THEN
        RAISE EXCEPTION 'no account with email %', account_email USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO role_changes (user_id, role, changed_by) VALUES (account, new_role, changed_by);
    RAISE LOG 'opad: role of % (%) set to % by %', account_email, account, new_role, changed_by;
    RETURN account;
END
$$;

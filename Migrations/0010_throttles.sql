-- 0010: throttles that hold across every server process (issue 13): token buckets for sign-in
-- attempts (per account, per client address) and tracking-code misses (per client address),
-- and the places each staff account has signed in from before.
-- Forward-only: never edit this file once it has landed; add 0011_… instead.

-- One bucket per scope and key. A request takes a token with one statement that locks the row
-- (ThrottleStore.take), before the work it guards (bcrypt, a look-up), so parallel requests cannot
-- all pass a check made before any of them was charged. Keys are keyed hashes (HMAC under a key
-- derived from SECRET_KEY): never a raw address, nor a login typed that may be a password.
-- A row whose bucket has refilled carries no information and is deleted (ThrottleStore.prune).
CREATE TABLE throttle_buckets (
    scope      text             NOT NULL CHECK (scope ~ '^[a-z_]{1,32}$'),
    key        text             NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE INDEX throttle_buckets_updated_at_idx ON throttle_buckets (scope, updated_at);

-- Client addresses (keyed hashes) an account has signed in from. Attempts from one of them are
-- not charged to the account's own allowance, so a third party spending it elsewhere cannot lock
-- the owner out; they still count against the address's allowance.
CREATE TABLE sign_in_places (
    login_key    text        NOT NULL CHECK (length(login_key) BETWEEN 1 AND 64),
    client_key   text        NOT NULL CHECK (length(client_key) BETWEEN 1 AND 64),
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (login_key, client_key)
);

CREATE INDEX sign_in_places_last_seen_at_idx ON sign_in_places (last_seen_at);

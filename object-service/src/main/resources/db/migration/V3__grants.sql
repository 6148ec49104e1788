-- Grants: every URL the Edge API issues. The limits travel signed in the URL (X-Edge-* query parameters), so
-- serving needs no row; a row exists to list and revoke grants and to count the uses of a limited one.
CREATE TABLE grants (
    grant_id      text PRIMARY KEY,
    account_id    text NOT NULL,
    bucket        text NOT NULL,
    key           text COLLATE "C" NOT NULL,
    method        text NOT NULL CHECK (method IN ('GET', 'PUT')),
    key_id        text NOT NULL,
    max_bytes     bigint,
    content_types text[],
    overwrite     boolean NOT NULL DEFAULT true,
    uses          bigint,
    used          bigint NOT NULL DEFAULT 0,
    last_used_at  timestamptz,
    context       jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
-- Listing an account's grants newest first, optionally for one bucket and key or key prefix.
CREATE INDEX grants_account_created ON grants (account_id, created_at DESC, grant_id);
CREATE INDEX grants_account_object ON grants (account_id, bucket, key);
-- What a replica loads at start: revoked grants that can still be presented.
CREATE INDEX grants_revoked ON grants (expires_at) WHERE revoked_at IS NOT NULL;

-- Object revocations ("kill every link to this file"): every presigned URL for a matching key issued before
-- not_before is refused. Kept until no such URL can still be alive (the longest URL life after not_before).
CREATE TABLE object_revocations (
    id          text PRIMARY KEY,
    account_id  text NOT NULL,
    bucket      text NOT NULL,
    key         text COLLATE "C",
    prefix      text COLLATE "C",
    not_before  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((key IS NULL) <> (prefix IS NULL))
);
CREATE INDEX object_revocations_bucket ON object_revocations (bucket, not_before);

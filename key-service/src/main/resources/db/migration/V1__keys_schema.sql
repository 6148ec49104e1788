-- key-service owns schema "keys": accounts, access keys (secrets encrypted), API tokens (hashes
-- only) and the transactional outbox of key events.

create table accounts (
    id          varchar(128) primary key,
    origin      varchar(16)  not null,
    created_at  timestamptz  not null default now()
);

create table access_keys (
    access_key_id      varchar(20)  primary key,
    account_id         varchar(128) not null references accounts (id),
    name               varchar(128) not null,
    status             varchar(16)  not null check (status in ('active', 'revoked')),
    key_version        integer      not null,
    -- AES-256-GCM: 12-byte nonce || ciphertext || 16-byte tag, AAD = access key id
    secret_ciphertext  bytea        not null,
    master_key_id      varchar(64)  not null,
    created_at         timestamptz  not null,
    rotated_at         timestamptz,
    revoked_at         timestamptz,
    last_used_at       timestamptz
);
create index access_keys_account_idx on access_keys (account_id, created_at);
create index access_keys_master_key_idx on access_keys (master_key_id);

create table api_tokens (
    id            varchar(32)  primary key,
    account_id    varchar(128) not null references accounts (id),
    name          varchar(128) not null,
    -- hex SHA-256 of the token; the token itself is never stored
    token_hash    varchar(64)  not null unique,
    scopes        varchar(512) not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create index api_tokens_account_idx on api_tokens (account_id, created_at);

create table outbox (
    id            bigserial    primary key,
    event_id      uuid         not null unique,
    event_type    varchar(64)  not null,
    -- the Kafka record key: the access key id
    aggregate_id  varchar(64)  not null,
    payload       text         not null,
    created_at    timestamptz  not null default now(),
    published_at  timestamptz
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;

-- Wake the relay of every replica as soon as a transaction with new outbox rows commits.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('keys_outbox', '');
    return null;
end
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();

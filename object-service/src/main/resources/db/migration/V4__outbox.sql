-- The transactional outbox of this service's events on storage.key-events (grant and object revocations): an
-- event is written in the transaction of the change it announces, so a committed change is always announced.
-- The relay (events.OutboxRelay) publishes rows in id order under an advisory lock and stamps published_at.
-- Writers announce new rows with pg_notify('objects_outbox') in their transaction (metadata.OutboxRepository);
-- a row whose notification was lost is still found by the relay's periodic sweep.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    event_id     uuid NOT NULL UNIQUE,
    event_type   text NOT NULL,
    -- the Kafka record key (a grant id, a bucket): events of one key stay in order on one partition
    record_key   text NOT NULL,
    payload      text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

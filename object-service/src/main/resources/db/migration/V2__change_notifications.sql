-- Metadata cache coherence (docs/decisions/011-coherent-metadata-cache.md).
-- Every committed change of an object row is announced on channel edge_objects as "<bucket>/<key>"
-- (bucket names never hold '/'); PostgreSQL delivers it at commit, to every listener, in commit order.
-- A TRUNCATE announces "*": forget everything. A bulk load (deploy/bench/growth) may set edge.bulk_load
-- to 'on' in its transaction to skip the announcement per row, and must then announce "*" itself.
CREATE FUNCTION notify_object_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('edge.bulk_load', true) = 'on' THEN
        RETURN NULL;
    ELSIF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('edge_objects', '*');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('edge_objects', OLD.bucket || '/' || OLD.key);
    ELSE
        PERFORM pg_notify('edge_objects', NEW.bucket || '/' || NEW.key);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER objects_changed AFTER INSERT OR UPDATE OR DELETE ON objects
    FOR EACH ROW EXECUTE FUNCTION notify_object_change();
CREATE TRIGGER objects_truncated AFTER TRUNCATE ON objects
    FOR EACH STATEMENT EXECUTE FUNCTION notify_object_change();

-- Replicas whose metadata cache may be serving: a writer waits for each live one to confirm it has
-- dropped what the write changed, or for its lease to end. Unlogged: a lease is worth nothing after a
-- database crash, and renewing it every second should not write WAL.
CREATE UNLOGGED TABLE cache_replicas (
    replica_id  text PRIMARY KEY,
    process_id  text NOT NULL,
    lease_until timestamptz NOT NULL
);

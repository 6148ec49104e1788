-- Public-read buckets: who may read a bucket's objects and list it without signing. 'private' (the default)
-- answers every anonymous request AccessDenied; 'public-read' serves anonymous GET/HEAD of objects and listings.
ALTER TABLE buckets ADD COLUMN access text NOT NULL DEFAULT 'private'
    CHECK (access IN ('private', 'public-read'));

-- GET/HEAD lookups cache the bucket with the object (decision 011), keyed by object: a changed access setting
-- announces "*" on edge_objects, so every replica drops its cache, as a TRUNCATE does. Switches are rare.
CREATE FUNCTION notify_bucket_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.access IS DISTINCT FROM NEW.access THEN
        PERFORM pg_notify('edge_objects', '*');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER buckets_access_changed AFTER UPDATE OF access ON buckets
    FOR EACH ROW EXECUTE FUNCTION notify_bucket_access_change();

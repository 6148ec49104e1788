-- Object metadata of the S3 data plane. Keys are compared byte-wise (COLLATE "C"), which for UTF-8
-- is S3's listing order, so a listing is one range scan of the primary key.

CREATE TABLE buckets (
    name        text PRIMARY KEY,
    account_id  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX buckets_account ON buckets (account_id, name);

CREATE TABLE objects (
    bucket              text NOT NULL REFERENCES buckets (name),
    key                 text COLLATE "C" NOT NULL,
    size                bigint NOT NULL,
    etag                text NOT NULL,
    content_type        text,
    content_disposition text,
    content_encoding    text,
    content_language    text,
    cache_control       text,
    expires             text,
    user_metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
    checksums           jsonb NOT NULL DEFAULT '{}'::jsonb,
    parts_count         integer,
    blob_id             text NOT NULL,
    last_modified       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bucket, key)
);
CREATE INDEX objects_blob ON objects (blob_id);

CREATE TABLE multipart_uploads (
    upload_id           text PRIMARY KEY,
    bucket              text NOT NULL REFERENCES buckets (name),
    key                 text COLLATE "C" NOT NULL,
    content_type        text,
    content_disposition text,
    content_encoding    text,
    content_language    text,
    cache_control       text,
    expires             text,
    user_metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
    checksum_algorithm  text,
    initiated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX multipart_uploads_bucket ON multipart_uploads (bucket, key, initiated_at);

CREATE TABLE parts (
    upload_id     text NOT NULL REFERENCES multipart_uploads (upload_id) ON DELETE CASCADE,
    part_number   integer NOT NULL,
    size          bigint NOT NULL,
    etag          text NOT NULL,
    checksums     jsonb NOT NULL DEFAULT '{}'::jsonb,
    blob_id       text NOT NULL,
    last_modified timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (upload_id, part_number)
);
CREATE INDEX parts_blob ON parts (blob_id);

CREATE TABLE cors_rules (
    bucket      text PRIMARY KEY REFERENCES buckets (name) ON DELETE CASCADE,
    rules       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

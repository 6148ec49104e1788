-- Completed multipart uploads: the part layout of the object each one made (GET/HEAD ?partNumber=N,
-- GetObjectAttributes) and the answer its completion gave, so a retried CompleteMultipartUpload gets the same
-- answer. A row lives while its object version (blob_id) is current, and for edge.s3.completed-upload-retention
-- after the completion in any case; the sweep removes it once both have passed.
-- An object's checksum map (objects.checksums) keeps the checksum type of a multipart object under "type".
CREATE TABLE completed_uploads (
    upload_id      text PRIMARY KEY,
    bucket         text NOT NULL REFERENCES buckets (name) ON DELETE CASCADE,
    key            text COLLATE "C" NOT NULL,
    blob_id        text NOT NULL,
    etag           text NOT NULL,
    checksums      jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- the parts in object order, as the completion named them
    part_numbers   integer[] NOT NULL,
    part_etags     text[] NOT NULL,
    part_sizes     bigint[] NOT NULL,
    -- each part's checksum of the upload's algorithm; NULL when the upload has none
    part_checksums text[],
    completed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX completed_uploads_blob ON completed_uploads (blob_id);
CREATE INDEX completed_uploads_completed ON completed_uploads (completed_at);

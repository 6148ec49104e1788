package io.edgestorage.objects.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Settings of the S3 data plane; each has its environment variable and its default in application.properties. */
@ConfigMapping(prefix = "edge")
public interface ObjectServiceConfig {

    /** Which backend holds the blobs ({@code edge.blob-store}); an unknown name fails startup. */
    BlobStoreKind blobStore();

    /** The blob store backends there are, by their name in {@code edge.blob-store}. */
    enum BlobStoreKind {
        /** One file per blob under {@code edge.blobs.dir}. */
        FILESYSTEM,
        /** One object per blob in a bucket of an upstream S3-compatible service ({@code edge.blobs.s3.*}). */
        S3
    }

    Blobs blobs();

    Keys keys();

    S3 s3();

    MetadataCache metadataCache();

    GrantEvents grantEvents();

    /** This service's events (grant and object revocations) and their outbox relay. */
    interface GrantEvents {
        /**
         * How often the relay sweeps the outbox and, once it is empty, sends {@code storage.grants.heartbeat};
         * a replica that has not heard one within {@code edge.keys.max-silence} reloads revocations from
         * PostgreSQL every second instead of trusting its events.
         */
        Duration heartbeatInterval();

        /** How long a revocation waits for Kafka to acknowledge its event before it answers anyway. */
        Duration publishWait();

        /** How long published outbox rows are kept (audit, replay by hand). */
        Duration outboxRetention();
    }

    interface MetadataCache {
        /**
         * Object rows kept in memory for GET/HEAD (about 1 KiB each); 0 keeps none. Kept coherent across
         * replicas through PostgreSQL notifications (decision 011).
         */
        int entries();

        /**
         * How long a replica's cache lease lasts. A write waits for every other replica holding one to drop
         * what it changed, and at most about this long for a replica that stopped answering.
         */
        Duration lease();
    }

    interface Blobs {
        /** Directory of the filesystem blob store. */
        String dir();

        /** Blobs no row references and older than this are orphans the sweeper deletes. */
        Duration orphanAge();

        /** How long a replaced or deleted blob stays on disk, so readers that already found it finish. */
        Duration deleteDelay();

        /** Whether every blob is fsynced before its metadata commit (the durability S3 users expect). */
        boolean fsync();

        /**
         * Bytes of a request body gathered in memory before each file write (one worker hand-off per
         * buffer); an upload holds at most about three of them.
         */
        MemorySize writeBufferSize();

        /** Memory for the bytes of small blobs (0 turns the cache off). */
        MemorySize cacheSize();

        /** Largest blob the small-blob cache keeps; larger ones are always sent from disk with sendfile. */
        MemorySize cacheMaxBlobSize();

        /** The upstream of the {@code s3} blob store; read only when {@code edge.blob-store=s3}. */
        UpstreamS3 s3();
    }

    /** Where the {@code s3} blob store keeps blobs (decision 015). */
    interface UpstreamS3 {
        /** {@code http(s)://host[:port]} of the S3-compatible service. */
        Optional<String> endpoint();

        String region();

        /** The upstream bucket; it must exist. */
        Optional<String> bucket();

        Optional<String> accessKey();

        Optional<String> secretKey();

        /** {@code /bucket/key} (Ceph RGW, MinIO) rather than {@code bucket.host/key}. */
        boolean pathStyle();

        /** Blobs are named {@code <prefix><blob id>}; the orphan sweep deletes under it only. */
        String prefix();

        /** A PEM bundle to trust for a TLS endpoint with a private CA (the JVM's trust store otherwise). */
        Optional<String> caFile();

        /** A body declared larger than this, or of unknown length, goes up as a multipart upload. */
        MemorySize multipartThreshold();

        /** Bytes per upstream part. */
        MemorySize partSize();

        /** Parts of one upload in flight at once. */
        int partParallelism();

        /** Connections to the upstream, at most. */
        int maxConnections();

        Duration connectTimeout();

        /** Longest silence on one upstream exchange before it fails. */
        Duration requestTimeout();

        /** Retries of an idempotent upstream request after a server or connection error (within a budget). */
        int maxRetries();
    }

    interface Keys {
        /** With no heartbeat on storage.key-events for this long, cached keys are revalidated on every use. */
        Duration maxSilence();

        /** Cached signing keys are refetched after this age even when the event stream is healthy. */
        Duration cacheMaxAge();

        /** How long an unknown or revoked access key id is remembered. */
        Duration negativeCacheTtl();

        /** Refuse requests when the cache is untrusted and key-service cannot be reached. */
        boolean failClosed();

        /** Upper bound on cached keys. */
        int cacheMaxEntries();

        /**
         * Upper bound on remembered unknown or revoked ids (each entry lives {@link #negativeCacheTtl()}); ids
         * of the wrong shape are refused without a lookup and never remembered.
         */
        int negativeCacheMaxEntries();
    }

    interface S3 {
        /** Virtual-host style: requests to {@code <bucket>.<domain>} address that bucket. */
        Optional<String> domain();

        /** Region accepted in credential scopes and answered by GetBucketLocation. */
        String region();

        /** Largest single PUT (and part) accepted. */
        long maxObjectSize();

        /** A request body that sends nothing for this long fails with RequestTimeout (S3 waits about 20 s). */
        Duration bodyIdleTimeout();

        /**
         * Bytes per second a request body must bring on average over every {@link #bodyRateWindow()}
         * (RequestTimeout otherwise), so a body that trickles cannot hold a connection forever; 0 turns it off.
         */
        MemorySize bodyMinRate();

        /** The window over which {@link #bodyMinRate()} is measured. */
        Duration bodyRateWindow();

        /**
         * Server-side copies (CopyObject, UploadPartCopy) one account may run at once on this replica; beyond
         * it they are answered 503 SlowDown (a request of a few bytes can make this replica write 5 GiB).
         */
        int maxConcurrentCopies();

        /** Smallest size of every part but the last of a multipart upload. */
        long minPartSize();

        /**
         * How long a completed multipart upload's answer is kept for a retried CompleteMultipartUpload (which
         * then gets the same answer rather than NoSuchUpload).
         */
        Duration completedUploadRetention();
    }
}

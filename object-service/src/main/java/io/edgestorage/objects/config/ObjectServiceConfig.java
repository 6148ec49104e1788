package io.edgestorage.objects.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the S3 data plane; every value has an environment variable in application.properties. */
@ConfigMapping(prefix = "edge")
public interface ObjectServiceConfig {

    /** Which backend holds the blobs ({@code edge.blob-store}); an unknown name fails startup. */
    BlobStoreKind blobStore();

    /** The blob store backends there are, by their name in {@code edge.blob-store}. */
    enum BlobStoreKind {
        /** One file per blob under {@code edge.blobs.dir}. */
        FILESYSTEM
    }

    Blobs blobs();

    Keys keys();

    S3 s3();

    MetadataCache metadataCache();

    interface MetadataCache {
        /**
         * Object rows kept in memory for GET/HEAD (about 1 KiB each); 0 keeps none. Kept coherent across
         * replicas through PostgreSQL notifications (decision 011).
         */
        @WithDefault("10000")
        int entries();

        /**
         * How long a replica's cache lease lasts. A write waits for every other replica holding one to drop
         * what it changed, and at most about this long for a replica that stopped answering.
         */
        @WithDefault("3s")
        Duration lease();
    }

    interface Blobs {
        /** Directory of the filesystem blob store. */
        @WithDefault("./data/blobs")
        String dir();

        /** Blobs no row references and older than this are orphans the sweeper deletes. */
        @WithDefault("10m")
        Duration orphanAge();

        /** How long a replaced or deleted blob stays on disk, so readers that already found it finish. */
        @WithDefault("30s")
        Duration deleteDelay();

        /** Whether every blob is fsynced before its metadata commit (the durability S3 users expect). */
        @WithDefault("true")
        boolean fsync();

        /**
         * Bytes of a request body gathered in memory before each file write (one worker hand-off per
         * buffer); an upload holds at most about three of them.
         */
        @WithDefault("256K")
        MemorySize writeBufferSize();

        /** Memory for the bytes of small blobs (0 turns the cache off). */
        @WithDefault("64M")
        MemorySize cacheSize();

        /** Largest blob the small-blob cache keeps; larger ones are always sent from disk with sendfile. */
        @WithDefault("64K")
        MemorySize cacheMaxBlobSize();
    }

    interface Keys {
        /** With no heartbeat on storage.key-events for this long, cached keys are revalidated on every use. */
        @WithDefault("10s")
        Duration maxSilence();

        /** Cached signing keys are refetched after this age even when the event stream is healthy. */
        @WithDefault("5m")
        Duration cacheMaxAge();

        /** How long an unknown or revoked access key id is remembered. */
        @WithDefault("10s")
        Duration negativeCacheTtl();

        /** Refuse requests when the cache is untrusted and key-service cannot be reached. */
        @WithDefault("true")
        boolean failClosed();

        /** Upper bound on cached keys. */
        @WithDefault("10000")
        int cacheMaxEntries();

        /**
         * Upper bound on remembered unknown or revoked ids (each entry lives {@link #negativeCacheTtl()}); ids
         * of the wrong shape are refused without a lookup and never remembered.
         */
        @WithDefault("10000")
        int negativeCacheMaxEntries();
    }

    interface S3 {
        /** Virtual-host style: requests to {@code <bucket>.<domain>} address that bucket. */
        Optional<String> domain();

        /** Region accepted in credential scopes and answered by GetBucketLocation. */
        @WithDefault("us-east-1")
        String region();

        /** Largest single PUT (and part) accepted. */
        @WithDefault("5368709120")
        long maxObjectSize();

        /** A request body that sends nothing for this long fails with RequestTimeout (S3 waits about 20 s). */
        @WithDefault("20s")
        Duration bodyIdleTimeout();

        /**
         * Bytes per second a request body must bring on average over every {@link #bodyRateWindow()}
         * (RequestTimeout otherwise), so a body that trickles cannot hold a connection forever; 0 turns it off.
         */
        @WithDefault("1K")
        MemorySize bodyMinRate();

        /** The window over which {@link #bodyMinRate()} is measured. */
        @WithDefault("60s")
        Duration bodyRateWindow();

        /**
         * Server-side copies (CopyObject, UploadPartCopy) one account may run at once on this replica; beyond
         * it they are answered 503 SlowDown (a request of a few bytes can make this replica write 5 GiB).
         */
        @WithDefault("4")
        int maxConcurrentCopies();

        /** Smallest size of every part but the last of a multipart upload. */
        @WithDefault("5242880")
        long minPartSize();
    }
}

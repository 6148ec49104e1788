package io.edgestorage.objects.metadata;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.ObjectMeta;
import io.smallrye.mutiny.Uni;

/**
 * Listing with prefix and delimiter over the primary-key range scan. A common prefix is reported once and
 * the scan then jumps past every key under it, so a folder of a million keys costs at most one extra
 * small query, not a million rows.
 */
@ApplicationScoped
public class Lister {

    /** Sorts after every key that starts with a given prefix (U+10FFFF, the largest code point). */
    static final String MAX_SUFFIX = new String(Character.toChars(0x10FFFF));

    public record Request(String prefix, String delimiter, int maxKeys, String cursor) {
        public Request withCursor(String newCursor) {
            return new Request(prefix, delimiter, maxKeys, newCursor);
        }
    }

    /**
     * @param lastItem   the last key or common prefix returned (NextMarker)
     * @param nextCursor where a continuation resumes
     */
    public record Page(List<ObjectMeta> objects, List<String> prefixes, boolean truncated, String lastItem,
            String nextCursor) {
        public int count() {
            return objects.size() + prefixes.size();
        }
    }

    private final ObjectRepository objects;

    public Lister(ObjectRepository objects) {
        this.objects = objects;
    }

    /** Where a v1 marker or key-marker resumes: past the whole folder when the marker is a common prefix. */
    public static String cursorAfterMarker(String marker, String delimiter) {
        if (marker == null || marker.isEmpty()) {
            return null;
        }
        return !delimiter.isEmpty() && marker.endsWith(delimiter) ? marker + MAX_SUFFIX : marker;
    }

    public Uni<Page> list(String bucket, Request req) {
        Page empty = new Page(new ArrayList<>(), new ArrayList<>(), false, null, req.cursor());
        if (req.maxKeys() == 0) {
            // S3 answers max-keys=0 with an empty page that is not truncated (and has no place to resume)
            return Uni.createFrom().item(empty);
        }
        return step(bucket, req, empty, Math.min(MAX_BATCH, req.maxKeys() + 1));
    }

    /** Rows read per query at most. */
    static final int MAX_BATCH = 1000;
    /** Rows read right after jumping past a folder: folders tend to be followed by more folders. */
    static final int AFTER_FOLDER_BATCH = 16;

    /**
     * Reads one batch of rows and adds its keys and common prefixes to the page. Keys under a common prefix
     * already reported are skipped within the batch; when a batch ends inside such a folder the next query
     * starts past the folder and reads only a few rows, so a page of P folders reads about P × 16 rows, not
     * P × 1000. One row beyond {@code maxKeys} is looked at to know whether the listing is truncated.
     */
    private Uni<Page> step(String bucket, Request req, Page acc, int batch) {
        return objects.list(bucket, req.prefix(), acc.nextCursor(), batch).map(rows -> {
            List<ObjectMeta> found = acc.objects();
            List<String> prefixes = acc.prefixes();
            String last = acc.lastItem();
            String cursor = acc.nextCursor();
            String folder = null;
            for (ObjectMeta o : rows) {
                if (folder != null && o.key().startsWith(folder)) {
                    continue;
                }
                folder = null;
                if (found.size() + prefixes.size() >= req.maxKeys()) {
                    return new Continue(new Page(found, prefixes, true, last, cursor), 0);
                }
                String rest = o.key().substring(req.prefix().length());
                int at = req.delimiter().isEmpty() ? -1 : rest.indexOf(req.delimiter());
                if (at >= 0) {
                    folder = req.prefix() + rest.substring(0, at + req.delimiter().length());
                    prefixes.add(folder);
                    last = folder;
                    cursor = folder + MAX_SUFFIX;
                } else {
                    found.add(o);
                    last = o.key();
                    cursor = o.key();
                }
            }
            boolean exhausted = rows.size() < batch;
            int wanted = req.maxKeys() - found.size() - prefixes.size() + 1;
            int next = folder != null ? Math.min(AFTER_FOLDER_BATCH, wanted) : Math.min(MAX_BATCH, wanted);
            return new Continue(new Page(found, prefixes, false, last, cursor), exhausted ? 0 : Math.max(1, next));
        }).flatMap(c -> c.nextBatch() == 0 ? Uni.createFrom().item(c.page()) : step(bucket, req, c.page(), c.nextBatch()));
    }

    /** The page so far and how many rows the next query reads (0: the page is complete). */
    private record Continue(Page page, int nextBatch) {
    }
}

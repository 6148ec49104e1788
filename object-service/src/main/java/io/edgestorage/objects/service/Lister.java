package io.edgestorage.objects.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.repository.ObjectRepository;
import io.smallrye.mutiny.Uni;

/**
 * Listing with prefix and delimiter over the primary-key range scan. A common prefix is reported once and
 * the scan then jumps past every key under it, so a folder of a million keys costs one extra query, not
 * a million rows.
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
        return step(bucket, req, new Page(new ArrayList<>(), new ArrayList<>(), false, null, req.cursor()));
    }

    private Uni<Page> step(String bucket, Request req, Page acc) {
        int wanted = req.maxKeys() - acc.count();
        if (wanted <= 0) {
            return objects.list(bucket, req.prefix(), acc.nextCursor(), 1)
                    .map(rest -> new Page(acc.objects(), acc.prefixes(), !rest.isEmpty(), acc.lastItem(), acc.nextCursor()));
        }
        int batch = Math.min(1000, wanted);
        return objects.list(bucket, req.prefix(), acc.nextCursor(), batch).flatMap(rows -> {
            String cursor = acc.nextCursor();
            String last = acc.lastItem();
            for (ObjectMeta o : rows) {
                String rest = o.key().substring(req.prefix().length());
                int at = req.delimiter().isEmpty() ? -1 : rest.indexOf(req.delimiter());
                if (at >= 0) {
                    String common = req.prefix() + rest.substring(0, at + req.delimiter().length());
                    acc.prefixes().add(common);
                    last = common;
                    cursor = common + MAX_SUFFIX;
                    // jump past the folder with a fresh query
                    return step(bucket, req, new Page(acc.objects(), acc.prefixes(), false, last, cursor));
                }
                acc.objects().add(o);
                last = o.key();
                cursor = o.key();
            }
            Page next = new Page(acc.objects(), acc.prefixes(), false, last, cursor);
            if (rows.size() < batch) {
                return Uni.createFrom().item(next);
            }
            return step(bucket, req, next);
        });
    }
}

package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.smallrye.mutiny.Uni;

class ListerTest {

    /** The repository's range scan over an in-memory sorted key set, counting the rows it reads. */
    static final class InMemoryObjects extends ObjectRepository {
        final TreeSet<String> keys = new TreeSet<>();
        int rowsRead;
        int queries;

        InMemoryObjects() {
            super(null, null, null, null);
        }

        @Override
        public Uni<List<ObjectMeta>> list(String bucket, String prefix, String after, int limit) {
            queries++;
            List<ObjectMeta> out = new ArrayList<>();
            for (String k : after == null ? keys : keys.tailSet(after, false)) {
                if (out.size() == limit) {
                    break;
                }
                if (k.compareTo(prefix) < 0) {
                    continue;
                }
                if (!k.startsWith(prefix)) {
                    break;
                }
                out.add(new ObjectMeta(bucket, k, 1, "e", ContentHeaders.NONE, Map.of(), Map.of(), null, "b", null));
            }
            rowsRead += out.size();
            return Uni.createFrom().item(out);
        }
    }

    private final InMemoryObjects objects = new InMemoryObjects();
    private final Lister lister = new Lister(objects);

    private Lister.Page page(String prefix, String delimiter, int maxKeys, String cursor) {
        return lister.list("b", new Lister.Request(prefix, delimiter, maxKeys, cursor)).await().indefinitely();
    }

    /** Every key and common prefix of the listing, page by page through the continuation cursor. */
    private List<String> all(String prefix, String delimiter, int maxKeys) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 10_000; guard++) {
            Lister.Page p = page(prefix, delimiter, maxKeys, cursor);
            assertThat(p.count()).isLessThanOrEqualTo(maxKeys);
            List<String> items = new ArrayList<>(p.prefixes());
            p.objects().forEach(o -> items.add(o.key()));
            items.sort(String::compareTo);
            out.addAll(items);
            if (!p.truncated()) {
                return out;
            }
            cursor = p.nextCursor();
        }
        throw new AssertionError("listing never ended");
    }

    /** What S3 answers, computed the slow way. */
    private List<String> expected(String prefix, String delimiter) {
        TreeSet<String> out = new TreeSet<>();
        for (String k : objects.keys) {
            if (!k.startsWith(prefix)) {
                continue;
            }
            int at = delimiter.isEmpty() ? -1 : k.indexOf(delimiter, prefix.length());
            out.add(at >= 0 ? k.substring(0, at + delimiter.length()) : k);
        }
        return new ArrayList<>(out);
    }

    private void fill(int folders, int keysPerFolder, int plainKeys) {
        for (int f = 0; f < folders; f++) {
            for (int k = 0; k < keysPerFolder; k++) {
                objects.keys.add(String.format("d%03d/k%05d", f, k));
            }
        }
        for (int k = 0; k < plainKeys; k++) {
            objects.keys.add(String.format("d%03d-plain%d", k % Math.max(folders, 1), k));
        }
    }

    @Test
    void aRootListingOfBigFolders_readsAFewRowsPerFolder_notAThousand() {
        fill(100, 2_000, 30);
        Lister.Page p = page("", "/", 1000, null);
        assertThat(p.prefixes()).hasSize(100);
        assertThat(p.objects()).hasSize(30);
        assertThat(p.truncated()).isFalse();
        assertThat(objects.rowsRead).isLessThan(100 * 40);
    }

    @Test
    void everyPageSize_givesTheSameListingAsS3_withAndWithoutDelimiter() {
        fill(12, 37, 9);
        objects.keys.add("a");
        objects.keys.add("d003/sub/deeper");
        for (int maxKeys : new int[] {1, 2, 7, 50, 1000}) {
            assertThat(all("", "/", maxKeys)).as("delimiter, max-keys %d", maxKeys).isEqualTo(expected("", "/"));
            assertThat(all("", "", maxKeys)).as("flat, max-keys %d", maxKeys).isEqualTo(expected("", ""));
            assertThat(all("d003/", "/", maxKeys)).as("prefix, max-keys %d", maxKeys).isEqualTo(expected("d003/", "/"));
        }
    }

    @Test
    void maxKeysZero_returnsNothing_notTruncated_withoutAQuery() {
        // S3 (and the s3-tests suite) answer IsTruncated=false: a truncated page would need a continuation
        // token, and there is no key to resume after
        fill(1, 1, 0);
        Lister.Page p = page("", "/", 0, null);
        assertThat(p.count()).isZero();
        assertThat(p.truncated()).isFalse();
        assertThat(page("nothing-here/", "/", 0, null).truncated()).isFalse();
        assertThat(objects.queries).isZero();
    }
}

package io.edgestorage.presign;

import java.util.List;
import java.util.Map;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.grants.MediaRange;

/**
 * A validated grant: the limits signed into the URL and the context kept with the grant.
 *
 * @param maxBytes     largest upload body, or {@link GrantPolicy#UNLIMITED}
 * @param contentTypes allowed upload media types, empty for any
 * @param overwrite    false: the upload must not replace an existing object
 * @param uses         requests allowed, or {@link GrantPolicy#UNLIMITED}
 * @param context      up to 16 string pairs, carried into events; never in the URL
 */
public record GrantSpec(long maxBytes, List<MediaRange> contentTypes, boolean overwrite, long uses,
        Map<String, String> context) {

    public static final GrantSpec UNLIMITED = new GrantSpec(GrantPolicy.UNLIMITED, List.of(), true,
            GrantPolicy.UNLIMITED, Map.of());

    public GrantSpec {
        contentTypes = List.copyOf(contentTypes);
        context = Map.copyOf(context);
    }

    /** The policy of a grant with this id, as signed into its URL. */
    public GrantPolicy policy(String grantId) {
        return new GrantPolicy(grantId, maxBytes, contentTypes, overwrite, uses);
    }
}

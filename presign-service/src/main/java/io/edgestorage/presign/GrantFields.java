package io.edgestorage.presign;

import java.util.List;
import java.util.Map;

/**
 * The grant fields of a presign request body as sent, each null when absent; {@link GrantValidator} checks them.
 */
public record GrantFields(Long maxBytes, List<String> contentTypes, Boolean overwrite, Long uses,
        Map<String, String> context) {

    public static final GrantFields NONE = new GrantFields(null, null, null, null, null);
}

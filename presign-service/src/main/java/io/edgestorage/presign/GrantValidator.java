package io.edgestorage.presign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.grants.MediaRange;
import io.edgestorage.common.problem.ProblemException;

/**
 * Checks the grant fields of a presign request ({@code maxBytes}, {@code contentTypes}, {@code overwrite},
 * {@code uses}, {@code context}) and refuses a bad one with a 400 whose {@code code} names the field. Pure.
 */
public final class GrantValidator {

    static final int MAX_CONTEXT_PAIRS = 16;
    static final int MAX_CONTEXT_KEY_LENGTH = 64;
    static final int MAX_CONTEXT_VALUE_LENGTH = 256;

    private GrantValidator() {
    }

    /**
     * @param action      the request's action: upload-only fields on a download are refused
     * @param contentType the single signed {@code contentType}, which {@code contentTypes} replaces
     */
    public static GrantSpec validate(Action action, String contentType, GrantFields fields) {
        boolean upload = action == Action.UPLOAD;
        long maxBytes = GrantPolicy.UNLIMITED;
        if (fields.maxBytes() != null) {
            requireUpload(upload, "maxBytes", "max-bytes-not-allowed");
            if (fields.maxBytes() < 0 || fields.maxBytes() > GrantPolicy.MAX_BYTES_LIMIT) {
                throw ProblemException.badRequest("invalid-max-bytes",
                        "maxBytes must be between 0 and " + GrantPolicy.MAX_BYTES_LIMIT + " (5 GiB)");
            }
            maxBytes = fields.maxBytes();
        }
        List<MediaRange> contentTypes = List.of();
        if (fields.contentTypes() != null) {
            requireUpload(upload, "contentTypes", "content-types-not-allowed");
            if (contentType != null) {
                throw ProblemException.badRequest("content-types-conflict",
                        "contentTypes replaces contentType: send one or the other");
            }
            contentTypes = mediaRanges(fields.contentTypes());
        }
        boolean overwrite = true;
        if (fields.overwrite() != null) {
            requireUpload(upload, "overwrite", "overwrite-not-allowed");
            overwrite = fields.overwrite();
        }
        long uses = GrantPolicy.UNLIMITED;
        if (fields.uses() != null) {
            if (fields.uses() < 1 || fields.uses() > GrantPolicy.MAX_USES) {
                throw ProblemException.badRequest("invalid-uses",
                        "uses must be between 1 and " + GrantPolicy.MAX_USES);
            }
            uses = fields.uses();
        }
        Map<String, String> context = fields.context() == null ? Map.of() : context(fields.context());
        return new GrantSpec(maxBytes, contentTypes, overwrite, uses, context);
    }

    private static void requireUpload(boolean upload, String field, String code) {
        if (!upload) {
            throw ProblemException.badRequest(code, field + " applies to uploads only");
        }
    }

    private static List<MediaRange> mediaRanges(List<String> texts) {
        if (texts.isEmpty() || texts.size() > GrantPolicy.MAX_CONTENT_TYPES) {
            throw ProblemException.badRequest("invalid-content-types",
                    "contentTypes must list 1 to " + GrantPolicy.MAX_CONTENT_TYPES + " media types");
        }
        List<MediaRange> ranges = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                MediaRange range = MediaRange.parse(text);
                if (!ranges.contains(range)) {
                    ranges.add(range);
                }
            } catch (MediaRange.InvalidMediaRange e) {
                throw ProblemException.badRequest("invalid-content-types", "contentTypes: " + e.getMessage());
            }
        }
        return ranges;
    }

    private static Map<String, String> context(Map<String, String> pairs) {
        if (pairs.size() > MAX_CONTEXT_PAIRS) {
            throw ProblemException.badRequest("invalid-context",
                    "context holds at most " + MAX_CONTEXT_PAIRS + " pairs");
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            if (key.isEmpty() || key.length() > MAX_CONTEXT_KEY_LENGTH || PresignValidator.hasControlCharacter(key)) {
                throw ProblemException.badRequest("invalid-context", "context keys must be 1 to "
                        + MAX_CONTEXT_KEY_LENGTH + " characters without control characters");
            }
            if (value == null || value.length() > MAX_CONTEXT_VALUE_LENGTH
                    || PresignValidator.hasControlCharacter(value)) {
                throw ProblemException.badRequest("invalid-context", "context value of \"" + key + "\" must be a string of at most "
                        + MAX_CONTEXT_VALUE_LENGTH + " characters without control characters");
            }
            context.put(key, value);
        }
        return context;
    }
}

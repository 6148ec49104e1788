package io.edgestorage.sigv4;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds SigV4 presigned URLs (query auth, {@code UNSIGNED-PAYLOAD}, path-style), byte-identical to
 * AWS SDK for Java v2's {@code S3Presigner} for the same inputs. Stateless and thread-safe.
 */
public final class Presigner {

    private static final int MAX_REMEMBERED_ENDPOINTS = 64;

    private static final Comparator<String[]> BY_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]);

    private final Map<String, String> hostByEndpoint = new ConcurrentHashMap<>();

    /**
     * The presigned URL: {@code endpoint/bucket/key?<extra params>&X-Amz-Algorithm=…&<X-Edge-* params>&X-Amz-Signature=…}.
     */
    public String presign(PresignRequest request) {
        String path = "/" + request.bucket() + (request.key().isEmpty() ? "" : "/" + UriEncoding.encode(request.key(), true));
        String amzDate = SigV4.formatAmzDate(request.timestamp());
        CredentialScope scope = request.signingKey().scope();
        String credential = request.accessKeyId() + '/' + scope;

        List<String> signedHeaderNames = new ArrayList<>(request.signedHeaders().keySet());
        if (!signedHeaderNames.contains("host")) {
            signedHeaderNames.add("host");
        }
        signedHeaderNames.sort(null);
        String signedHeadersLine = SigV4.signedHeadersLine(signedHeaderNames);
        String host = hostHeader(request.endpoint());

        // URL order follows the Java SDK: caller's parameters, then the auth parameters. A grant's X-Edge-*
        // parameters come after the auth parameters, so a URL with a grant still reads like an SDK's.
        List<String[]> params = new ArrayList<>(request.extraQueryParameters().size() + 5);
        addExtra(params, request, false);
        params.add(new String[] {"X-Amz-Algorithm", SigV4.ALGORITHM});
        params.add(new String[] {"X-Amz-Date", amzDate});
        params.add(new String[] {"X-Amz-SignedHeaders", UriEncoding.encode(signedHeadersLine, false)});
        params.add(new String[] {"X-Amz-Credential", UriEncoding.encode(credential, false)});
        params.add(new String[] {"X-Amz-Expires", Long.toString(request.expiresSeconds())});
        addExtra(params, request, true);
        String unsignedQuery = join(params);
        // Already canonically encoded, so the canonical query is the same pairs sorted by name, then value.
        params.sort(BY_NAME_THEN_VALUE);
        String canonicalQuery = join(params);

        StringBuilder canonicalHeaders = new StringBuilder(128);
        for (String name : signedHeaderNames) {
            String value = name.equals("host") ? host : request.signedHeaders().get(name);
            canonicalHeaders.append(name).append(':').append(SigV4.trimAndCollapse(value)).append('\n');
        }
        CanonicalRequest canonicalRequest = new CanonicalRequest(request.method(), path, canonicalQuery,
                canonicalHeaders.toString(), signedHeadersLine, PayloadMode.UNSIGNED_PAYLOAD.literal());
        String signature = request.signingKey().signHex(canonicalRequest.stringToSign(amzDate, scope));

        return new StringBuilder(request.endpoint().length() + path.length() + unsignedQuery.length() + 100)
                .append(stripTrailingSlash(request.endpoint())).append(path).append('?').append(unsignedQuery)
                .append("&X-Amz-Signature=").append(signature)
                .toString();
    }

    private static void addExtra(List<String[]> params, PresignRequest request, boolean grantParameters) {
        for (Map.Entry<String, String> p : request.extraQueryParameters().entrySet()) {
            if (p.getKey().regionMatches(true, 0, "X-Edge-", 0, 7) == grantParameters) {
                params.add(new String[] {UriEncoding.encode(p.getKey(), false), UriEncoding.encode(p.getValue(), false)});
            }
        }
    }

    /** The Host header a client sends to {@code endpoint}, remembered: services presign against a handful of endpoints. */
    private String hostHeader(String endpoint) {
        String host = hostByEndpoint.get(endpoint);
        if (host == null) {
            host = hostHeaderOf(endpoint);
            if (hostByEndpoint.size() < MAX_REMEMBERED_ENDPOINTS) {
                hostByEndpoint.put(endpoint, host);
            }
        }
        return host;
    }

    /** Host, plus the port unless it is the scheme's default. */
    static String hostHeaderOf(String endpoint) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
        return defaultPort ? uri.getHost() : uri.getHost() + ':' + port;
    }

    private static String stripTrailingSlash(String endpoint) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    private static String join(List<String[]> params) {
        StringBuilder query = new StringBuilder(512);
        for (String[] p : params) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(p[0]).append('=').append(p[1]);
        }
        return query.toString();
    }
}

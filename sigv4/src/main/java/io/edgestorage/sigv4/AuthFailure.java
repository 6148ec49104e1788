package io.edgestorage.sigv4;

/**
 * Every distinct reason a signed request is refused, each mapped once to the S3 error code, HTTP status
 * and default message S3 returns for it (after s3proxy's {@code S3ErrorCode}).
 */
public enum AuthFailure implements S3ProtocolError {
    /** Neither an {@code Authorization} header nor query auth parameters. */
    MISSING_AUTHENTICATION("AccessDenied", 403, "Access Denied"),
    /** Both header and query auth (or SigV2 and SigV4) in one request. */
    MULTIPLE_AUTH_MECHANISMS("InvalidArgument", 400,
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"),
    /** Algorithm other than AWS4-HMAC-SHA256 (e.g. SigV4a), or an unknown Authorization scheme. */
    UNSUPPORTED_ALGORITHM("InvalidRequest", 400,
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256."),
    /** The Authorization header cannot be parsed (missing/duplicate Credential, SignedHeaders, Signature, bad syntax). */
    MALFORMED_HEADER("AuthorizationHeaderMalformed", 400, "The authorization header is malformed."),
    /** A query auth parameter is present but malformed (credential, date, signed headers, signature, expires). */
    MALFORMED_QUERY("AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."),
    /** A required query auth parameter is missing or repeated. */
    MISSING_QUERY_PARAMETER("AuthorizationQueryParametersError", 400,
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."),
    /** The credential scope names another region, service, terminator or day than accepted/signed. */
    SCOPE_MISMATCH("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; the credential scope is wrong."),
    /** Header auth without a usable {@code x-amz-date} or {@code Date}. */
    MISSING_DATE("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header"),
    /** Presigned URL used after {@code X-Amz-Date + X-Amz-Expires}. */
    EXPIRED("AccessDenied", 403, "Request has expired"),
    /** Presigned URL used before its {@code X-Amz-Date}. */
    NOT_YET_VALID("AccessDenied", 403, "Request is not valid yet"),
    /** {@code X-Amz-Expires} over 604800 seconds (S3's status and wording). */
    EXPIRES_TOO_LONG("AuthorizationQueryParametersError", 400,
            "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"),
    /** {@code X-Amz-Expires} negative (zero is a URL that has already expired: {@link #EXPIRED}, as in S3). */
    EXPIRES_NEGATIVE("AuthorizationQueryParametersError", 400, "X-Amz-Expires must be non-negative"),
    /** Header auth whose request time is over the allowed skew (15 min) from the server clock. */
    CLOCK_SKEW("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large."),
    /** {@code host} absent from the signed headers. */
    HOST_NOT_SIGNED("AccessDenied", 403, "The host header must be signed."),
    /** A header named in SignedHeaders is absent from the request. */
    SIGNED_HEADER_MISSING("AccessDenied", 403, "A header listed in SignedHeaders is not present in the request."),
    /** An {@code x-amz-*} header is present but not signed. */
    HEADERS_NOT_SIGNED("AccessDenied", 403, "There were headers present in the request which were not signed"),
    /** Header auth without {@code x-amz-content-sha256}. */
    MISSING_CONTENT_SHA256("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256"),
    /** {@code x-amz-content-sha256} neither a hex SHA-256 nor a supported literal. */
    INVALID_CONTENT_SHA256("InvalidArgument", 400,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value."),
    /** The signing key handed to verify has another scope than the request. */
    SIGNING_KEY_SCOPE_MISMATCH("AccessDenied", 403, "Access Denied"),
    /** The computed signature differs from the one sent. */
    SIGNATURE_MISMATCH("SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
    /** SigV2 query auth without all of AWSAccessKeyId, Signature and Expires. */
    SIGV2_MISSING_QUERY_PARAMETER("AccessDenied", 403,
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"),
    /** SigV2 Expires or Authorization value that cannot be parsed. */
    SIGV2_MALFORMED("InvalidArgument", 400, "The SigV2 authorization is malformed.");

    private final Definition definition;

    AuthFailure(String code, int httpStatus, String message) {
        this.definition = new Definition(code, httpStatus, message);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}

package io.edgestorage.objects;

import io.edgestorage.sigv4.S3ProtocolError;

/**
 * Every S3 error this data plane raises itself: HTTP status, S3 {@code Code} and S3's default message. It is
 * one kind of {@link S3ProtocolError}, like the sigv4 module's {@code AuthFailure} and {@code ChunkedFailure},
 * which reach the client as they are (by their own code and status, never translated into this catalogue);
 * all of them are rendered to XML in exactly one place ({@link io.edgestorage.objects.s3.S3Responses}).
 */
public enum S3Error implements S3ProtocolError {
    ACCESS_DENIED(403, "AccessDenied", "Access Denied"),
    ACCESS_FORBIDDEN(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the "
            + "evaluation of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers "
            + "are not whitelisted by the resource's CORS spec."),
    ACL_NOT_SUPPORTED(400, "AccessControlListNotSupported",
            "This store supports the canned ACLs private and public-read only (or the AccessControlPolicy documents "
                    + "that equal them): no other grantee or permission."),
    AUTHORIZATION_HEADER_MALFORMED(400, "AuthorizationHeaderMalformed", "The authorization header is malformed."),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR(400, "AuthorizationQueryParametersError",
            "Error parsing the query-string authentication parameters."),
    BAD_DIGEST(400, "BadDigest", "The Content-MD5 or checksum you specified did not match what we received."),
    BUCKET_ALREADY_EXISTS(409, "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."),
    BUCKET_ALREADY_OWNED_BY_YOU(409, "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it."),
    BUCKET_NOT_EMPTY(409, "BucketNotEmpty", "The bucket you tried to delete is not empty"),
    ENTITY_TOO_LARGE(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size."),
    ENTITY_TOO_SMALL(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."),
    ILLEGAL_LOCATION_CONSTRAINT(400, "IllegalLocationConstraintException",
            "The location constraint is incompatible for the region specific endpoint this request was sent to."),
    INCOMPLETE_BODY(400, "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header."),
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
    INVALID_ACCESS_KEY_ID(403, "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records."),
    INVALID_ARGUMENT(400, "InvalidArgument", "Invalid Argument"),
    INVALID_BUCKET_NAME(400, "InvalidBucketName", "The specified bucket is not valid."),
    INVALID_DIGEST(400, "InvalidDigest", "The Content-MD5 or checksum you specified is not valid."),
    INVALID_PART(400, "InvalidPart",
            "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag."),
    INVALID_PART_ORDER(400, "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts list must be specified in order by part number."),
    INVALID_RANGE(416, "InvalidRange", "The requested range is not satisfiable"),
    INVALID_REQUEST(400, "InvalidRequest", "Invalid Request"),
    INVALID_STORAGE_CLASS(400, "InvalidStorageClass", "The storage class you specified is not valid"),
    INVALID_URI(400, "InvalidURI", "Couldn't parse the specified URI."),
    KEY_TOO_LONG(400, "KeyTooLongError", "Your key is too long"),
    MALFORMED_XML(400, "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema"),
    METADATA_TOO_LARGE(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size."),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed", "The specified method is not allowed against this resource."),
    MISSING_CONTENT_LENGTH(411, "MissingContentLength", "You must provide the Content-Length HTTP header."),
    NO_SUCH_BUCKET(404, "NoSuchBucket", "The specified bucket does not exist"),
    NO_SUCH_CORS_CONFIGURATION(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist"),
    NO_SUCH_KEY(404, "NoSuchKey", "The specified key does not exist."),
    NO_SUCH_UPLOAD(404, "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."),
    NOT_IMPLEMENTED(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented."),
    PRECONDITION_FAILED(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"),
    REQUEST_TIMEOUT(400, "RequestTimeout", "Your socket connection to the server was not read from or written to "
            + "within the timeout period. Idle connections will be closed."),
    REQUEST_TIME_TOO_SKEWED(403, "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large."),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Please reduce your request rate or try again later."),
    SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
    SIGNATURE_DOES_NOT_MATCH(403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
    X_AMZ_CONTENT_SHA256_MISMATCH(400, "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.");

    private final Definition definition;

    S3Error(int status, String code, String message) {
        this.definition = new Definition(code, status, message);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The failure as an exception carrying S3's default message. */
    public S3Exception exception() {
        return new S3Exception(this, message());
    }

    /** The failure with a more specific message. */
    public S3Exception exception(String detail) {
        return new S3Exception(this, detail);
    }
}

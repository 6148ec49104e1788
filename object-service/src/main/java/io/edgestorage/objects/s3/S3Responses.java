package io.edgestorage.objects.s3;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobStoreUnavailableException;
import io.edgestorage.sigv4.S3ProtocolError;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DateFormatter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes S3 responses: the one place errors become S3 XML (any {@link S3ProtocolError}, by its code, status
 * and the exception's message), plus the shared header rules.
 */
public final class S3Responses {

    private static final Logger LOG = Logger.getLogger(S3Responses.class);
    static final String XML = "application/xml";
    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private S3Responses() {
    }

    static String iso(OffsetDateTime time) {
        return ISO_MILLIS.format(time);
    }

    /** IMF-fixdate (RFC 9110), as S3 writes it: "Sun, 06 Nov 1994 08:49:37 GMT". Netty's formatter is cached per thread. */
    static String httpDate(OffsetDateTime time) {
        return DateFormatter.format(new Date(time.toInstant().toEpochMilli()));
    }

    /** Sends an XML document with status 200. */
    static Future<Void> xml(S3Call call, String body) {
        return xml(call, 200, body);
    }

    static Future<Void> xml(S3Call call, int status, String body) {
        HttpServerResponse r = call.response;
        applyCors(call);
        return r.setStatusCode(status).putHeader("Content-Type", XML).end(body);
    }

    /** An empty response with the status. */
    static Future<Void> empty(S3Call call, int status) {
        applyCors(call);
        return call.response.setStatusCode(status).end();
    }

    /**
     * Renders any failure as S3 XML; closes the connection when the request body was not read to its end.
     * Never throws: the caller is the end of the request's flow, so an exception here would leave the
     * client waiting for an answer that never comes.
     */
    public static void error(S3Call call, Throwable failure) {
        try {
            render(call, failure);
        } catch (RuntimeException e) {
            // A header Vert.x refuses (a CR/LF in a value): answer again without the headers the request added.
            LOG.errorf(e, "Could not send the error of %s %s (request %s); answering InternalError",
                    call.method(), call.resource(), call.requestId);
            try {
                call.corsRule = null;
                resetHeaders(call);
                render(call, S3Error.INTERNAL_ERROR.exception());
            } catch (RuntimeException again) {
                LOG.errorf(again, "Could not answer request %s at all; closing its connection", call.requestId);
                call.request.connection().close();
            }
        }
    }

    private static void render(S3Call call, Throwable failure) {
        S3Exception s3 = S3Exception.from(failure);
        if (failure instanceof BlobStoreUnavailableException) {
            LOG.warnf("%s %s (request %s) answered %s: %s", call.method(), call.resource(), call.requestId,
                    s3.error().code(), failure.getMessage());
        }
        HttpServerResponse r = call.response;
        if (s3 == null && (r.closed() || clientHungUp(failure))) {
            // The client went away mid-answer (a benchmark stopping, a browser cancelling): not our failure.
            LOG.debugf("Client closed the connection during %s %s (request %s)", call.method(), call.resource(), call.requestId);
            return;
        }
        if (s3 == null) {
            LOG.errorf(failure, "Unexpected failure of %s %s (request %s)", call.method(), call.resource(), call.requestId);
            s3 = S3Error.INTERNAL_ERROR.exception();
            if (!r.headWritten()) {
                // The operation may have set headers (ETag, Content-Length) that do not describe an error.
                resetHeaders(call);
            }
        }
        if (r.headWritten() || r.ended() || r.closed()) {
            if (!r.closed()) {
                call.request.connection().close();
            }
            return;
        }
        S3ProtocolError error = s3.error();
        Xml xml = Xml.plainDocument("Error").element("Code", error.code()).element("Message", s3.getMessage());
        for (Map.Entry<String, String> e : s3.extra().entrySet()) {
            xml.element(e.getKey(), e.getValue());
        }
        if (call.bucket != null) {
            xml.element("BucketName", call.bucket);
        }
        if (call.key != null) {
            xml.element("Key", call.key);
        }
        xml.element("Resource", call.resource()).element("RequestId", call.requestId).element("HostId", AmzRequestIds.HOST_ID);
        String body = xml.end("Error");
        call.releaseIfBodyless();
        boolean unread = !call.request.isEnded() && !call.bodyless();
        applyCors(call);
        AmzRequestIds.put(r, call.requestId); // also when Vert.x refused the request before any filter ran
        r.setStatusCode(error.httpStatus()).putHeader("Content-Type", XML);
        if (unread) {
            r.putHeader("Connection", "close");
        }
        if ("HEAD".equals(call.method())) {
            r.putHeader("x-amz-error-code", error.code());
            r.end().onComplete(x -> closeIf(call, unread));
        } else {
            r.end(body).onComplete(x -> closeIf(call, unread));
        }
    }

    /** Drops every response header but the request ids. */
    static void resetHeaders(S3Call call) {
        call.response.headers().clear();
        if (call.requestId != null) {
            call.response.putHeader(RequestIdFilter.HEADER, call.requestId);
        }
        AmzRequestIds.put(call.response, call.requestId);
    }

    /** A failure of the connection itself (not of one request): a client hanging up is routine. */
    static void connectionFailure(Throwable failure) {
        if (clientHungUp(failure)) {
            LOG.debugf("Client closed the connection: %s", failure.getMessage());
        } else {
            LOG.warnf(failure, "Connection failed");
        }
    }

    /** The peer closed or reset the connection while we were writing to it. */
    static boolean clientHungUp(Throwable failure) {
        if (failure instanceof ClosedChannelException) {
            return true;
        }
        if (failure instanceof Errors.NativeIoException nativeError) {
            return nativeError.expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE
                    || nativeError.expectedErr() == Errors.ERRNO_EPIPE_NEGATIVE;
        }
        // The NIO transport reports the same two cases only by message.
        return failure instanceof IOException && failure.getMessage() != null
                && (failure.getMessage().contains("Connection reset") || failure.getMessage().contains("Broken pipe"));
    }

    /** How long the rest of an unwanted body is read and dropped before the connection closes. */
    private static final long LINGER_MS = 2000;

    /**
     * Closes the connection of a request whose body was not read, after draining what the client is
     * still sending (at most {@link #LINGER_MS}): closing a socket with unread data makes the kernel
     * answer with a reset, which can destroy the error response before the client has read it.
     */
    private static void closeIf(S3Call call, boolean unread) {
        if (!unread) {
            return;
        }
        io.vertx.core.http.HttpConnection connection = call.request.connection();
        io.vertx.core.Vertx vertx = call.rc.vertx();
        long timer = vertx.setTimer(LINGER_MS, t -> connection.close());
        Runnable closeNow = () -> {
            vertx.cancelTimer(timer);
            connection.close();
        };
        try {
            call.request.handler(dropped -> {
            }).exceptionHandler(e -> closeNow.run()).endHandler(v -> closeNow.run());
            call.request.resume();
        } catch (IllegalStateException alreadyConsumed) {
            closeNow.run();
        }
    }

    /** Adds the CORS response headers of the matching rule (actual requests, errors included). */
    static void applyCors(S3Call call) {
        CorsRule rule = call.corsRule;
        String origin = call.header("Origin");
        if (rule == null || origin == null || call.response.headWritten()) {
            return;
        }
        HttpServerResponse r = call.response;
        boolean wildcard = rule.allowedOrigins().contains("*");
        r.putHeader("Access-Control-Allow-Origin", wildcard ? "*" : origin);
        if (!wildcard) {
            r.putHeader("Access-Control-Allow-Credentials", "true");
        }
        r.putHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        r.putHeader("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
        if (!rule.exposeHeaders().isEmpty()) {
            r.putHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
        if (rule.maxAgeSeconds() != null) {
            r.putHeader("Access-Control-Max-Age", String.valueOf(rule.maxAgeSeconds()));
        }
    }
}

package io.edgestorage.presign.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.edgestorage.common.problem.JsonProblems;
import io.edgestorage.common.problem.Problem;
import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.presign.PresignSpec;
import io.edgestorage.presign.PresignValidator;
import io.edgestorage.presign.service.BucketOwnership;
import io.edgestorage.presign.service.PresignService;
import io.edgestorage.sigv4.S3BucketNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /internal/v1/buckets/{name}/presign}, reached only through the gateway (internal credential
 * checked by service-common's filter); the account comes from {@code X-Edge-Account}.
 * <p>
 * A plain Vert.x route rather than a Quarkus REST resource: this is the only endpoint of the service and
 * the hot path of the Edge API, and the REST layer (request scope, handler chain, message body
 * readers/writers, Mutiny with context propagation) cost more CPU than validating and signing together
 * (docs/benchmarks.md). Jackson still reads and writes the JSON, with the same rules (unknown
 * fields refused), and every failure is still a problem+json answer.
 */
@ApplicationScoped
public class PresignRoute {

    private static final Logger LOG = Logger.getLogger(PresignRoute.class);
    static final String PATH = "/internal/v1/buckets/:name/presign";
    private static final String JSON = "application/json";

    private final PresignService presignService;
    private final ObjectReader bodyReader;
    private final JsonFactory jsonFactory;
    private final ObjectWriter problemWriter;
    private final long maxBodyBytes;

    public PresignRoute(PresignService presignService, ObjectMapper mapper,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "edge.presign.max-body") MemorySize maxBody) {
        this.presignService = presignService;
        // Unknown fields are an error here whatever the global Jackson configuration says.
        this.bodyReader = mapper.readerFor(PresignBody.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // maxBytes 1.5 or uses 2.0 are not whole numbers of bytes or uses: refused, not truncated
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        this.jsonFactory = mapper.getFactory();
        this.problemWriter = mapper.writerFor(Problem.class);
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void register(@Observes Router router) {
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::presign)
                .failureHandler(this::failure);
    }

    private void presign(RoutingContext rc) {
        PresignSpec spec;
        String bucket;
        String account = rc.request().getHeader(InternalCredentialFilter.ACCOUNT_HEADER);
        try {
            if (account == null || account.isBlank()) {
                throw ProblemException.badRequest("account-required", "X-Edge-Account is required");
            }
            String contentType = rc.request().getHeader("Content-Type");
            if (contentType != null && !isJson(contentType)) {
                throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                        "The body must be application/json"));
            }
            PresignBody body = read(rc.body().buffer());
            spec = PresignValidator.validate(body.key(), body.action(), body.expires(), body.contentType(),
                    body.contentDisposition(), body.keyId(), body.grantFields());
            bucket = rc.pathParam("name");
            if (S3BucketNames.problem(bucket) != null) {
                // The name checked for ownership must be the one signed: a name S3 forbids (';' read as a matrix
                // parameter upstream, '/', '%', NUL) gets the contract's answer for a bucket that is not the
                // caller's, with no upstream call and nothing signed.
                throw BucketOwnership.noSuchBucket(bucket);
            }
        } catch (ProblemException e) {
            problem(rc, e.problem());
            return;
        }
        Context context = Vertx.currentContext();
        // Both caches warm (the usual case): sign at once, no Uni to assemble and subscribe.
        Future<PresignService.Presigned> signed = presignService.presignFromCache(account, bucket, spec);
        if (signed != null) {
            signed.onComplete(presigned -> onContext(context, () -> answer(rc, presigned)),
                    failure -> onContext(context, () -> failed(rc, failure)));
            return;
        }
        presignService.presign(account, bucket, spec, RequestIdFilter.of(rc)).subscribe().with(
                presigned -> onContext(context, () -> answer(rc, presigned)),
                failure -> onContext(context, () -> failed(rc, failure)));
    }

    /** {@code application/json}, with parameters or not; not a type that merely starts so ({@code application/jsonx}). */
    private static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().equalsIgnoreCase(JSON);
    }

    private PresignBody read(Buffer buffer) {
        if (buffer == null || buffer.length() == 0) {
            throw ProblemException.badRequest("body-required", "A JSON body {key, action?, expires?} is required");
        }
        PresignBody body;
        try {
            body = bodyReader.readValue(buffer.getBytes());
        } catch (JsonProcessingException e) {
            throw new ProblemException(JsonProblems.of(e));
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("malformed-json", "The request body could not be read");
        }
        if (body == null) {
            throw ProblemException.badRequest("body-required", "A JSON body {key, action?, expires?} is required");
        }
        return body;
    }

    /**
     * Upstream answers and grant acknowledgements complete on another context; the response is written from
     * the request's.
     */
    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void answer(RoutingContext rc, PresignService.Presigned p) {
        byte[] json = new PresignAnswer(p.url(), p.method(), p.expires().toString(), p.keyId(), p.headers(), p.grantId())
                .toJson(jsonFactory);
        rc.response().setStatusCode(200).putHeader("Content-Type", JSON).end(Buffer.buffer(json));
    }

    private void failed(RoutingContext rc, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            problem(rc, problem.problem());
            return;
        }
        LOG.errorf(failure, "Unexpected failure presigning on %s (rid=%s)", rc.normalizedPath(), RequestIdFilter.of(rc));
        problem(rc, Problem.of(500, "internal-error", "Internal Server Error",
                "An unexpected error occurred; the request id identifies it in the service logs."));
    }

    /** Failures of the route's handlers: the body limit (413) and anything thrown unexpectedly. */
    private void failure(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            problem(rc, Problem.of(413, "payload-too-large", "Payload Too Large",
                    "The request body is larger than " + maxBodyBytes + " bytes"));
        } else if (rc.statusCode() == 400 && rc.failure() == null) {
            problem(rc, Problem.of(400, "bad-request", "Bad Request", "The request could not be read"));
        } else {
            failed(rc, rc.failure());
        }
    }

    private void problem(RoutingContext rc, Problem problem) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        byte[] json;
        try {
            json = problemWriter.writeValueAsBytes(problem.withInstance(rc.normalizedPath()));
        } catch (JsonProcessingException e) {
            json = ("{\"status\":" + problem.status() + ",\"code\":\"" + problem.code() + "\"}").getBytes();
        }
        rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(json));
    }
}

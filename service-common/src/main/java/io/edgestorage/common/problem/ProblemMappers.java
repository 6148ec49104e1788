package io.edgestorage.common.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps every failure of a Quarkus REST endpoint to problem+json, so no client ever sees an HTML
 * error page or a bare 500 without a stable code.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    // One mapper per Jackson type, not one for JsonProcessingException: Quarkus' own mappers for the
    // subtypes (a bare 400) would otherwise win as the closer match. JsonProblems words the detail.

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /** Wrong-shaped JSON (an array for an object, a string for a number); beats Quarkus' bare 400. */
    @ServerExceptionMapper(priority = 2)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper(priority = 3)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = e.getResponse().getStatusInfo();
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "server-error" : "client-error";
        };
        return respond(Problem.of(status, code, type.getReasonPhrase(), e.getMessage()), uri);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(Problem.of(500, "internal-error", "Internal Server Error",
                "An unexpected error occurred; the request id identifies it in the service logs."), uri);
    }

    static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.withInstance(uri.getPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withInstance).build();
    }
}

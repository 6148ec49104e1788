package io.edgestorage.presign.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.edgestorage.common.problem.Problem;
import io.edgestorage.common.problem.ProblemMappers;

/**
 * Quarkus REST answers a body of the wrong JSON shape with its own {@code application/json} report and
 * wraps unparsable JSON in a bare 400; these mappers turn both into our problem+json with the stable
 * code {@code malformed-json} (unknown fields keep service-common's {@code unknown-field}).
 */
public class JsonBodyMappers {

    private static final ProblemMappers COMMON = new ProblemMappers();

    @ServerExceptionMapper(priority = 1)
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        return malformed(uri, "A field has the wrong JSON type: " + e.getOriginalMessage());
    }

    /** Unparsable JSON arrives as a bare 400 wrapping Jackson's error; everything else as service-common maps it. */
    @ServerExceptionMapper(priority = 1)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformed(uri, "The request body is not valid JSON: " + json.getOriginalMessage());
        }
        return COMMON.webApplication(e, uri);
    }

    private static Response malformed(UriInfo uri, String detail) {
        Problem problem = Problem.of(400, "malformed-json", "Bad Request", detail).withInstance(uri.getPath());
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

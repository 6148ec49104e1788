package io.edgestorage.keys.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.edgestorage.common.problem.Problem;

/**
 * JSON of the wrong shape (an array for an object, a string for a list): Quarkus REST's built-in
 * mapper would answer a bare 400 without a body, so it is mapped to problem+json here. Unknown fields
 * ({@code UnrecognizedPropertyException}, a subtype) keep service-common's closer mapper.
 */
public class JsonInputProblems {

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        Problem problem = Problem.of(400, "malformed-json", "Bad Request",
                "The request body does not have the shape this endpoint expects: " + e.getOriginalMessage())
                .withInstance(uri.getPath());
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

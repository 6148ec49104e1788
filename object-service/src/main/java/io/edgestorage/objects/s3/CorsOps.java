package io.edgestorage.objects.s3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.CorsRepository;
import io.edgestorage.objects.s3.semantics.CorsEvaluator;
import io.edgestorage.objects.s3.semantics.CorsValidation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Get/Put/DeleteBucketCors and the unauthenticated preflight {@code OPTIONS}. */
@ApplicationScoped
public class CorsOps {

    private final CorsRepository cors;
    private final BucketRepository buckets;

    public CorsOps(CorsRepository cors, BucketRepository buckets) {
        this.cors = cors;
        this.buckets = buckets;
    }

    Uni<Void> get(S3Call call, Bucket b) {
        return cors.find(b.name()).flatMap(rules -> {
            if (rules == null) {
                throw S3Error.NO_SUCH_CORS_CONFIGURATION.exception();
            }
            Xml xml = Xml.document("CORSConfiguration");
            for (CorsRule r : rules) {
                xml.open("CORSRule").element("ID", r.id());
                r.allowedHeaders().forEach(h -> xml.element("AllowedHeader", h));
                r.allowedMethods().forEach(m -> xml.element("AllowedMethod", m));
                r.allowedOrigins().forEach(o -> xml.element("AllowedOrigin", o));
                r.exposeHeaders().forEach(h -> xml.element("ExposeHeader", h));
                xml.element("MaxAgeSeconds", r.maxAgeSeconds()).close("CORSRule");
            }
            return ObjectOps.done(S3Responses.xml(call, xml.end("CORSConfiguration")));
        });
    }

    Uni<Void> put(S3Call call, Bucket b) {
        return Bodies.readSmall(call, 64 * 1024).flatMap(body -> {
            JsonNode doc = XmlInput.parse(body);
            List<CorsRule> rules = new ArrayList<>();
            for (JsonNode r : XmlInput.all(doc, "CORSRule")) {
                Integer maxAge = null;
                String maxAgeText = XmlInput.text(r, "MaxAgeSeconds");
                if (maxAgeText != null) {
                    try {
                        maxAge = Integer.parseInt(maxAgeText.trim());
                    } catch (NumberFormatException e) {
                        throw S3Error.MALFORMED_XML.exception();
                    }
                }
                rules.add(new CorsRule(XmlInput.text(r, "ID"), XmlInput.texts(r, "AllowedOrigin"),
                        XmlInput.texts(r, "AllowedMethod"), XmlInput.texts(r, "AllowedHeader"),
                        XmlInput.texts(r, "ExposeHeader"), maxAge));
            }
            String problem = CorsValidation.problem(rules);
            if (problem != null) {
                throw (rules.isEmpty() ? S3Error.MALFORMED_XML : S3Error.INVALID_REQUEST).exception(problem);
            }
            return cors.put(b.name(), rules).flatMap(v -> ObjectOps.done(S3Responses.empty(call, 200)));
        });
    }

    Uni<Void> delete(S3Call call, Bucket b) {
        return cors.delete(b.name()).flatMap(v -> ObjectOps.done(S3Responses.empty(call, 204)));
    }

    /** Preflight: no signature (browsers send none); 403 AccessForbidden unless a rule allows the request. */
    Uni<Void> preflight(S3Call call) {
        String origin = call.header("Origin");
        String method = call.header("Access-Control-Request-Method");
        if (call.bucket == null || origin == null || method == null) {
            throw S3Error.INVALID_REQUEST.exception(
                    "Insufficient information. Origin request header and Access-Control-Request-Method are needed.");
        }
        String requested = call.header("Access-Control-Request-Headers");
        List<String> headers = requested == null ? List.of()
                : Arrays.stream(requested.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return buckets.find(call.bucket).flatMap(bucket -> {
            if (bucket == null) {
                throw S3Error.ACCESS_FORBIDDEN.exception();
            }
            return cors.find(bucket.name());
        }).flatMap(rules -> {
            CorsRule rule = CorsEvaluator.match(rules, origin, method, headers);
            if (rule == null) {
                throw S3Error.ACCESS_FORBIDDEN.exception();
            }
            call.request.resume();
            HttpServerResponse r = call.response;
            boolean wildcard = rule.allowedOrigins().contains("*");
            r.putHeader("Access-Control-Allow-Origin", wildcard ? "*" : origin);
            if (!wildcard) {
                r.putHeader("Access-Control-Allow-Credentials", "true");
            }
            r.putHeader("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
            if (!headers.isEmpty()) {
                r.putHeader("Access-Control-Allow-Headers", String.join(", ", headers));
            }
            if (!rule.exposeHeaders().isEmpty()) {
                r.putHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
            }
            if (rule.maxAgeSeconds() != null) {
                r.putHeader("Access-Control-Max-Age", String.valueOf(rule.maxAgeSeconds()));
            }
            r.putHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
            return ObjectOps.done(r.setStatusCode(200).end());
        });
    }
}

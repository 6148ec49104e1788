package io.edgestorage.objects.s3;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Get/PutBucketAcl and Get/PutObjectAcl for the two ACLs this store has: the canned {@code private} (the owner's
 * FULL_CONTROL) and {@code public-read} (plus READ for AllUsers), as a canned header or the equivalent
 * AccessControlPolicy document. Every other ACL is AccessControlListNotSupported. A bucket's setting decides
 * anonymous reads of every object in it; an object has no grants of its own.
 */
@ApplicationScoped
public class AclOps {

    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String XSI = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private final BucketRepository buckets;
    private final ObjectRepository objects;

    public AclOps(BucketRepository buckets, ObjectRepository objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    Uni<Void> getBucketAcl(S3Call call, Bucket b) {
        return send(call, policy(b));
    }

    /** Answers once every replica serves the setting (see {@link BucketRepository#setAccess}). */
    Uni<Void> putBucketAcl(S3Call call, Bucket b) {
        return requested(call, b).flatMap(access -> buckets.setAccess(b.name(), b.accountId(), access))
                .flatMap(updated -> {
                    if (updated == null) {
                        // deleted (and maybe recreated by another account) since the ownership check
                        throw S3Error.NO_SUCH_BUCKET.exception();
                    }
                    return ObjectOps.done(S3Responses.empty(call, 200));
                });
    }

    /** The object's ACL is its bucket's: what an anonymous reader of the object gets. */
    Uni<Void> getObjectAcl(S3Call call, Bucket b) {
        return requireObject(call, b).flatMap(x -> send(call, policy(b)));
    }

    /**
     * {@code private} is accepted (the object has no grants of its own), {@code public-read} where the bucket is
     * public-read (it is what the object's readers get); nothing is stored.
     */
    Uni<Void> putObjectAcl(S3Call call, Bucket b) {
        return requireObject(call, b).flatMap(x -> requested(call, b)).flatMap(access -> {
            if (access == BucketAccess.PUBLIC_READ && !b.publicRead()) {
                throw publicObjectInPrivateBucket();
            }
            return ObjectOps.done(S3Responses.empty(call, 200));
        });
    }

    /** An object write's {@code x-amz-acl: public-read}: true to what readers get only in a public-read bucket. */
    static void refuseObjectAcl(S3Call call, Bucket b) {
        if (BucketAccess.PUBLIC_READ.cannedAcl().equals(call.header("x-amz-acl")) && !b.publicRead()) {
            throw publicObjectInPrivateBucket();
        }
    }

    private static io.edgestorage.objects.S3Exception publicObjectInPrivateBucket() {
        return S3Error.ACL_NOT_SUPPORTED.exception("An object is public-read only in a public-read bucket: set the "
                + "bucket's ACL to public-read instead.");
    }

    private Uni<Void> requireObject(S3Call call, Bucket b) {
        return objects.find(b.name(), call.key).map(o -> {
            if (o == null) {
                throw S3Error.NO_SUCH_KEY.exception();
            }
            return null;
        });
    }

    /** The ACL a Put*Acl asks for: the canned header, or the document; grant headers are unsupported. */
    private static Uni<BucketAccess> requested(S3Call call, Bucket b) {
        UnsupportedFeatures.refuseGrantHeaders(call);
        String canned = call.header("x-amz-acl");
        return Bodies.readSmall(call, 64 * 1024).map(body -> {
            if (canned != null) {
                if (body.length() > 0) {
                    throw S3Error.INVALID_REQUEST.exception("Specify an ACL with the x-amz-acl header or an "
                            + "AccessControlPolicy document, not both.");
                }
                BucketAccess access = BucketAccess.ofCannedAcl(canned);
                if (access == null) {
                    throw S3Error.ACL_NOT_SUPPORTED.exception();
                }
                return access;
            }
            if (body.length() == 0) {
                throw S3Error.INVALID_REQUEST.exception("An ACL is set with the x-amz-acl header or an "
                        + "AccessControlPolicy document.");
            }
            return fromPolicy(body, b.accountId());
        });
    }

    /**
     * The document's ACL when it is one of the two this store has: the owner's FULL_CONTROL alone
     * ({@code private}), or with AllUsers' READ ({@code public-read}), in any order.
     */
    static BucketAccess fromPolicy(Buffer body, String owner) {
        JsonNode doc = XmlInput.parse(body, "AccessControlPolicy");
        JsonNode ownerNode = doc.get("Owner");
        String ownerId = ownerNode == null ? null : XmlInput.text(ownerNode, "ID");
        if (ownerId != null && !ownerId.equals(owner)) {
            throw S3Error.ACL_NOT_SUPPORTED.exception("The owner of a bucket cannot be changed.");
        }
        JsonNode list = doc.get("AccessControlList");
        List<JsonNode> grants = list == null ? List.of() : XmlInput.all(list, "Grant");
        boolean ownerFull = false;
        boolean allUsersRead = false;
        for (JsonNode grant : grants) {
            JsonNode grantee = grant.get("Grantee");
            String permission = XmlInput.text(grant, "Permission");
            String id = grantee == null ? null : XmlInput.text(grantee, "ID");
            String uri = grantee == null ? null : XmlInput.text(grantee, "URI");
            boolean email = grantee != null && grantee.has("EmailAddress");
            if (!email && uri == null && owner.equals(id) && "FULL_CONTROL".equals(permission) && !ownerFull) {
                ownerFull = true;
            } else if (!email && id == null && ALL_USERS.equals(uri) && "READ".equals(permission) && !allUsersRead) {
                allUsersRead = true;
            } else {
                throw S3Error.ACL_NOT_SUPPORTED.exception();
            }
        }
        if (!ownerFull) {
            throw S3Error.ACL_NOT_SUPPORTED.exception("The owner keeps FULL_CONTROL: only the ACLs private and "
                    + "public-read are supported.");
        }
        return allUsersRead ? BucketAccess.PUBLIC_READ : BucketAccess.PRIVATE;
    }

    /** AllUsers' grant first: clients that sort grants by DisplayName meet the one without it first. */
    static String policy(Bucket b) {
        String owner = b.accountId();
        Xml xml = Xml.document("AccessControlPolicy").open("Owner").element("ID", owner).element("DisplayName", owner)
                .close("Owner").open("AccessControlList");
        if (b.publicRead()) {
            xml.open("Grant").openWithAttributes("Grantee", XSI + " xsi:type=\"Group\"").element("URI", ALL_USERS)
                    .close("Grantee").element("Permission", "READ").close("Grant");
        }
        xml.open("Grant").openWithAttributes("Grantee", XSI + " xsi:type=\"CanonicalUser\"").element("ID", owner)
                .element("DisplayName", owner).close("Grantee").element("Permission", "FULL_CONTROL").close("Grant");
        return xml.close("AccessControlList").end("AccessControlPolicy");
    }

    private static Uni<Void> send(S3Call call, String body) {
        return ObjectOps.done(S3Responses.xml(call, body));
    }
}

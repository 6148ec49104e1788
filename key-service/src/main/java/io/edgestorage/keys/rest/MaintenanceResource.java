package io.edgestorage.keys.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.edgestorage.keys.service.ReEncryptService;
import io.smallrye.mutiny.Uni;

/**
 * Operator commands (internal credential required; not routed by the gateway). See README,
 * "Rotating the master key".
 */
@Path("/internal/v1/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final ReEncryptService reEncrypt;

    public MaintenanceResource(ReEncryptService reEncrypt) {
        this.reEncrypt = reEncrypt;
    }

    /** Re-seals every secret still under an older master key with the current one. Idempotent. */
    @POST
    @Path("/re-encrypt")
    public Uni<ReEncryptService.Result> reEncrypt() {
        return reEncrypt.reEncryptAll();
    }
}

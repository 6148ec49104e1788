package io.edgestorage.presign.messaging;

import jakarta.inject.Singleton;

import io.edgestorage.common.messaging.KeyEventsCatchUpListener;
import io.edgestorage.presign.service.SigningKeys;
import io.smallrye.common.annotation.Identifier;

/** The key-event catch-up of this presigner: {@link SigningKeys} are cached only once caught up. */
@Singleton
@Identifier(KeyEventsCatchUpListener.NAME)
public class KeyEventsCatchUp extends KeyEventsCatchUpListener {

    public KeyEventsCatchUp(SigningKeys signingKeys) {
        super(signingKeys::distrust, signingKeys::trust, signingKeys::isTrusted);
    }
}

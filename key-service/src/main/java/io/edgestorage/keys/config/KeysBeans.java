package io.edgestorage.keys.config;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.keys.KeyEvents;
import io.edgestorage.keys.MasterKeyRing;
import io.edgestorage.keys.SecretCipher;

/** Wires the plain domain classes into CDI. Startup fails here when the master key is missing or malformed. */
public class KeysBeans {

    @Produces
    @Singleton
    MasterKeyRing masterKeyRing(KeysConfig config) {
        return MasterKeyRing.of(config.masterKey(), config.masterKeyId(), config.masterKeysOld().orElse(List.of()));
    }

    @Produces
    @Singleton
    SecretCipher secretCipher(MasterKeyRing ring) {
        return new SecretCipher(ring);
    }

    @Produces
    @Singleton
    KeyEvents keyEvents(ObjectMapper json) {
        return new KeyEvents(json);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

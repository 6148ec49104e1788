package io.edgestorage.common.web;

/**
 * The scopes of the credential the Edge API caller authenticated with, as the gateway forwards them to
 * the services behind it (space-separated, OAuth 2.0 style). A service that hands out credentials
 * (key-service issuing API tokens) grants no more than this; a request without the header holds nothing.
 */
public final class CallerScopes {

    public static final String HEADER = "X-Edge-Scopes";

    private CallerScopes() {
    }
}

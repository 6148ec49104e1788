package io.edgestorage.objects.metadata;

/**
 * What replicas say to each other on the sync channel ({@value ChangeFeed#SYNC_CHANNEL}): a writer's
 * {@link Barrier}, and a replica's {@link Answer} once it has applied every change announced before that
 * barrier. Anyone who can connect to the database can NOTIFY on the channel, so {@link #decode} refuses
 * anything else.
 */
sealed interface CacheSyncMessage {

    /** The longest sequence number accepted: 18 digits always fit a {@code long}. */
    int MAX_SEQUENCE_DIGITS = 18;

    /** {@code b <writer> <n>}: writer {@code writer} asks everyone holding a lease to answer its barrier {@code n}. */
    record Barrier(String writer, long seq) implements CacheSyncMessage {
        @Override
        public String encode() {
            return "b " + writer + " " + seq;
        }
    }

    /** {@code a <replica> <writer> <n>}: replica {@code replica} has applied everything before {@code writer}'s barrier {@code n}. */
    record Answer(String replica, String writer, long seq) implements CacheSyncMessage {
        @Override
        public String encode() {
            return "a " + replica + " " + writer + " " + seq;
        }
    }

    /** The payload of a NOTIFY on the sync channel. */
    String encode();

    /** The message in {@code payload}, or null when it is neither a barrier nor an answer. */
    static CacheSyncMessage decode(String payload) {
        if (payload == null) {
            return null;
        }
        String[] parts = payload.split(" ");
        boolean barrier = parts.length == 3 && "b".equals(parts[0]);
        boolean answer = parts.length == 4 && "a".equals(parts[0]);
        if (!(barrier || answer) || !isSequence(parts[parts.length - 1])) {
            return null;
        }
        long seq = Long.parseLong(parts[parts.length - 1]);
        return barrier ? new Barrier(parts[1], seq) : new Answer(parts[1], parts[2], seq);
    }

    private static boolean isSequence(String s) {
        return !s.isEmpty() && s.length() <= MAX_SEQUENCE_DIGITS && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}

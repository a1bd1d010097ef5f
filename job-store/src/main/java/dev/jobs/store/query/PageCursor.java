package dev.jobs.store.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last job of a page, in the listing order (newest {@code created_at} first, then id). Clients
 * see it only as an opaque token, so its layout can change without breaking them.
 */
public record PageCursor(Instant createdAt, UUID id) {

    private static final char SEPARATOR = '|';

    /** Encodes the cursor as URL-safe Base64 without padding, so it can go into a query string as it is. */
    public String encode() {
        String plain = createdAt.toString() + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a token made by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the token was not made by {@link #encode()}
     */
    public static PageCursor decode(String token) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token, e);
        }
        int separator = plain.indexOf(SEPARATOR);
        if (separator < 0) {
            throw invalid(token, null);
        }
        try {
            return new PageCursor(Instant.parse(plain.substring(0, separator)), UUID.fromString(plain.substring(separator + 1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw invalid(token, e);
        }
    }

    private static IllegalArgumentException invalid(String token, Exception cause) {
        return new IllegalArgumentException("Invalid page cursor '" + token + "': pass the next value of a listing as it is",
                cause);
    }
}

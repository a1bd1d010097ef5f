package dev.jobs.producer.service;

import dev.jobs.api.config.InvalidSettingsException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The API keys from {@code JOB_API_KEYS}, a comma-separated list. Only SHA-256 digests are kept, and a presented
 * key is compared with {@link MessageDigest#isEqual}, so neither the time taken nor the length of a key reveals to an
 * attacker how close a guess was. No key is ever logged.
 */
final class ApiKeys {

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** Parses the setting; blank entries are ignored, so {@code null} or an empty value leaves the API open. */
    /**
     * Parses the setting; unset or blank means no authentication.
     *
     * @throws InvalidSettingsException when the setting is not blank but contains no key, such as {@code ","}: an
     *                                  operator who set it meant to close the API, so it must not stay open
     */
    static ApiKeys parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return new ApiKeys(List.of());
        }
        List<byte[]> digests = Arrays.stream(setting.split(","))
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .map(ApiKeys::digest)
                .toList();
        if (digests.isEmpty()) {
            throw new InvalidSettingsException(List.of("JOB_API_KEYS is invalid: it is set but contains no key; give comma-separated keys,"
                    + " or unset it to leave the API open"));
        }
        return new ApiKeys(digests);
    }

    boolean enabled() {
        return !digests.isEmpty();
    }

    int count() {
        return digests.size();
    }

    /** Checks a presented key against every configured key, without stopping at the first match. */
    boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, candidate);
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.jobs.runpod.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe record of the HTTP requests the simulator has responded to, in the order the responses were sent.
 *
 * <p>It keeps the latest {@value #MAX_ENTRIES} entries and drops older ones, so a simulator that runs for
 * days under a polling client does not grow without bound.
 */
public final class RequestLog {

    /** Maximum number of entries kept. */
    public static final int MAX_ENTRIES = 100_000;

    /**
     * One request and the status of its response.
     *
     * @param method the HTTP method
     * @param path the request path without the query string
     * @param time when the response was sent
     * @param status the HTTP status code of the response, or -1 if none was sent
     */
    public record Entry(String method, String path, Instant time, int status) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    /** Appends an entry, dropping the oldest one when the log is full. */
    public synchronized void add(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Returns a snapshot of the entries, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Counts the entries with the given method, ignoring case, whose path starts with {@code pathPrefix}. */
    public synchronized int count(String method, String pathPrefix) {
        int count = 0;
        for (Entry entry : entries) {
            if (entry.method().equalsIgnoreCase(method) && entry.path().startsWith(pathPrefix)) {
                count++;
            }
        }
        return count;
    }

    /** Removes all entries. */
    public synchronized void clear() {
        entries.clear();
    }
}

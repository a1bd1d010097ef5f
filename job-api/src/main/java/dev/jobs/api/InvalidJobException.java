package dev.jobs.api;

/**
 * Rejects a job request before anything is stored or published. The field is the JSON path of the
 * offending input, such as {@code payload.runpodJobId}, so HTTP answers and client errors can name it.
 */
public class InvalidJobException extends RuntimeException {

    private final String field;

    public InvalidJobException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

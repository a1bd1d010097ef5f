package dev.jobs.runpod.simulator.http;

/**
 * Thrown by a handler to respond with an error status and a JSON body {@code {"error": message}}.
 */
public final class HttpError extends RuntimeException {

    private final int status;
    private final String allowedMethods;

    private HttpError(int status, String message, String allowedMethods) {
        super(message);
        this.status = status;
        this.allowedMethods = allowedMethods;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message, null);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message, null);
    }

    public static HttpError conflict(String message) {
        return new HttpError(409, message, null);
    }

    public static HttpError payloadTooLarge(String message) {
        return new HttpError(413, message, null);
    }

    /** Creates a 405 error whose response lists {@code allowedMethods} in the {@code Allow} header. */
    public static HttpError methodNotAllowed(String method, String path, String allowedMethods) {
        return new HttpError(
                405, "Method " + method + " is not allowed on " + path + "; use " + allowedMethods, allowedMethods);
    }

    public int status() {
        return status;
    }

    /** Returns the value of the {@code Allow} header for a 405 response, else {@code null}. */
    public String allowedMethods() {
        return allowedMethods;
    }
}

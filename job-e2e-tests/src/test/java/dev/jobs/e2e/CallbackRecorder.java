package dev.jobs.e2e;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every success and error callback, to check that each fired exactly once. */
final class CallbackRecorder {

    private final List<JsonNode> successes = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    Consumer<JsonNode> onSuccess() {
        return successes::add;
    }

    Consumer<String> onError() {
        return errors::add;
    }

    List<JsonNode> successes() {
        return successes;
    }

    List<String> errors() {
        return errors;
    }

    int calls() {
        return successes.size() + errors.size();
    }
}

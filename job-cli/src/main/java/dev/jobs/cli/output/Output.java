package dev.jobs.cli.output;

import dev.jobs.api.message.MessageCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** Output of a command: pretty JSON with {@code --json}, else the human-readable text the command builds. */
public final class Output {

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return out;
    }

    /** Prints the body as JSON when {@code --json} was given, else the human-readable text. */
    public void print(JsonNode body, String human) {
        if (json) {
            printJson(body);
        } else {
            out.println(human);
        }
        out.flush();
    }

    public void printJson(JsonNode body) {
        out.println(MessageCodec.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
        out.flush();
    }
}

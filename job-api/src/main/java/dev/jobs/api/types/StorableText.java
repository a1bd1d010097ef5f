package dev.jobs.api.types;

import dev.jobs.api.InvalidJobException;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Rejects text PostgreSQL cannot store: the NUL character (U+0000), which {@code text} columns refuse and
 * {@code jsonb} refuses even as the escape {@code \u0000}.
 */
public final class StorableText {

    private StorableText() {
    }

    /** @throws InvalidJobException naming {@code field} when the text contains a NUL character */
    public static void check(String field, String text) {
        if (text != null && text.indexOf('\u0000') >= 0) {
            throw rejected(field);
        }
    }

    /** @throws InvalidJobException naming {@code field} when any string or field name in the tree contains NUL */
    public static void check(String field, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            check(field, node.asString());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                check(field, entry.getKey());
                check(field, entry.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                check(field, element);
            }
        }
    }

    private static InvalidJobException rejected(String field) {
        return new InvalidJobException(field, field + " contains a NUL character (\\u0000), which PostgreSQL cannot store:"
                + " remove it or encode the data, for example as base64");
    }
}

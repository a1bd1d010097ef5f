package dev.jobs.producer.service;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the OpenAPI 3.1 description of this service, kept by hand in {@code openapi.json}. */
@RestController
public class OpenApiController {

    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The resource " + RESOURCE + " is missing from the producer jar", e);
        }
    }

    @GetMapping(path = "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public byte[] openApi() {
        return document;
    }
}

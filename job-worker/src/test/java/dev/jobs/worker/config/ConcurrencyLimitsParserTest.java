package dev.jobs.worker.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyLimitsParserTest {

    @Test
    void pairsBecomeLimitsByType() {
        List<String> violations = new ArrayList<>();

        Map<String, Integer> limits = ConcurrencyLimitsParser.parse("monitor-training-status=50, noop=2", violations);

        assertThat(violations).isEmpty();
        assertThat(limits).containsExactly(Map.entry("monitor-training-status", 50), Map.entry("noop", 2));
    }

    @Test
    void limitOutOfRangeIsRejected() {
        List<String> violations = new ArrayList<>();

        ConcurrencyLimitsParser.parse("noop=0", violations);

        assertThat(violations).singleElement().asString().contains("'noop=0'").contains("each limit from 1 to 10000");
    }

    @Test
    void unhandledTypeGetsWarning() {
        List<String> warnings = ConcurrencyLimitsParser.unhandledTypes(
                Map.of("monitr-training-status", 5, "noop", 2), Set.of("monitor-training-status", "noop"));

        assertThat(warnings).singleElement().asString()
                .contains("'monitr-training-status'")
                .contains("monitor-training-status")
                .contains("check the spelling");
    }
}

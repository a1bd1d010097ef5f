package dev.jobs.bench.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP jobs_check_lateness_seconds\s
            # TYPE jobs_check_lateness_seconds summary
            jobs_check_lateness_seconds{type="monitor-training-status",quantile="0.5"} 0.031
            jobs_check_lateness_seconds{type="monitor-training-status",quantile="0.99"} 0.25
            jobs_check_lateness_seconds_count{type="monitor-training-status"} 1200
            jobs_checks_total{type="noop"} 3.0
            jobs_checks_total{type="monitor-training-status"} 1180.0
            jobs_outbox_backlog 0.0
            process_uptime_seconds NaN
            http_bucket{le="+Inf"} 5
            """;

    @Test
    void valueMatchesNameAndLabels() {
        PrometheusText metrics = PrometheusText.parse(TEXT);

        assertThat(metrics.value("jobs_check_lateness_seconds", "type", "monitor-training-status", "quantile", "0.99"))
                .hasValue(0.25);
        assertThat(metrics.value("jobs_checks_total", "type", "monitor-training-status")).hasValue(1180.0);
        assertThat(metrics.value("jobs_outbox_backlog")).hasValue(0.0);
    }

    @Test
    void missingSampleIsEmpty() {
        PrometheusText metrics = PrometheusText.parse(TEXT);

        assertThat(metrics.value("jobs_checks_total", "type", "other")).isEmpty();
        assertThat(metrics.value("jobs_started_total")).isEmpty();
    }

    @Test
    void specialValuesParse() {
        PrometheusText metrics = PrometheusText.parse(TEXT);

        assertThat(metrics.value("process_uptime_seconds").getAsDouble()).isNaN();
        assertThat(metrics.value("http_bucket", "le", "+Inf")).hasValue(5.0);
    }
}

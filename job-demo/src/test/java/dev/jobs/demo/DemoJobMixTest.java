package dev.jobs.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoJobMixTest {

    @Test
    void defaultMixHasExpectedCounts() {
        Map<ExpectedEnd, Long> counts = countByEnd(DemoJobMix.plan(50, 17));

        assertThat(counts.get(ExpectedEnd.COMPLETED)).isEqualTo(40);
        assertThat(counts.get(ExpectedEnd.RUNPOD_ERROR)).isEqualTo(7);
        assertThat(counts.get(ExpectedEnd.TIMEOUT)).isEqualTo(3);
    }

    @Test
    void defaultMixSendsTenThroughService() {
        List<PlannedJob> jobs = DemoJobMix.plan(50, 17);

        assertThat(jobs.stream().filter(PlannedJob::viaProducerService).count()).isEqualTo(10);
    }

    @Test
    void sameSeedGivesSameMix() {
        List<PlannedJob> first = DemoJobMix.plan(50, 99);
        List<PlannedJob> second = DemoJobMix.plan(50, 99);

        assertThat(second).isEqualTo(first);
        assertThat(second.stream().map(job -> job.runpodInput().toString()).toList())
                .isEqualTo(first.stream().map(job -> job.runpodInput().toString()).toList());
    }

    @Test
    void otherSeedGivesOtherOrder() {
        List<ExpectedEnd> first = DemoJobMix.plan(50, 1).stream().map(PlannedJob::expectedEnd).toList();
        List<ExpectedEnd> second = DemoJobMix.plan(50, 2).stream().map(PlannedJob::expectedEnd).toList();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void scenariosMatchTheirExpectedEnd() {
        for (PlannedJob job : DemoJobMix.plan(50, 17)) {
            switch (job.expectedEnd()) {
                case COMPLETED -> {
                    assertThat(job.scenario().finalStatus()).isEqualTo("COMPLETED");
                    assertThat(job.scenario().queueTime()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
                    assertThat(job.scenario().runTime()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(35));
                    assertThat(job.scenario().output().path("modelUri").asString()).isEqualTo("s3://models/run-" + job.index());
                    assertThat(job.timeout()).isNull();
                }
                case RUNPOD_ERROR -> {
                    assertThat(job.scenario().finalStatus()).isEqualTo("FAILED");
                    assertThat(job.scenario().error()).isNotBlank();
                    assertThat(job.scenario().queueTime().plus(job.scenario().runTime()))
                            .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(25));
                    assertThat(job.timeout()).isNull();
                }
                case TIMEOUT -> {
                    assertThat(job.scenario().isEndless()).isTrue();
                    assertThat(job.timeout()).isEqualTo(DemoJobMix.ENDLESS_JOB_TIMEOUT);
                }
            }
        }
    }

    @Test
    void smallMixesTakeEveryPath() {
        assertThat(countByEnd(DemoJobMix.plan(1, 17))).isEqualTo(Map.of(ExpectedEnd.COMPLETED, 1L));
        assertThat(countByEnd(DemoJobMix.plan(2, 17)))
                .isEqualTo(Map.of(ExpectedEnd.COMPLETED, 1L, ExpectedEnd.RUNPOD_ERROR, 1L));
        assertThat(countByEnd(DemoJobMix.plan(3, 17)))
                .isEqualTo(Map.of(ExpectedEnd.COMPLETED, 1L, ExpectedEnd.RUNPOD_ERROR, 1L, ExpectedEnd.TIMEOUT, 1L));
        assertThat(countByEnd(DemoJobMix.plan(100, 17)))
                .isEqualTo(Map.of(ExpectedEnd.COMPLETED, 80L, ExpectedEnd.RUNPOD_ERROR, 14L, ExpectedEnd.TIMEOUT, 6L));
    }

    @Test
    void indexesRunFromOne() {
        List<PlannedJob> jobs = DemoJobMix.plan(50, 17);

        assertThat(jobs.stream().map(PlannedJob::index).toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void zeroJobsIsRejected() {
        assertThatThrownBy(() -> DemoJobMix.plan(0, 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid job count 0");
    }

    private static Map<ExpectedEnd, Long> countByEnd(List<PlannedJob> jobs) {
        return jobs.stream().collect(Collectors.groupingBy(PlannedJob::expectedEnd, Collectors.counting()));
    }
}

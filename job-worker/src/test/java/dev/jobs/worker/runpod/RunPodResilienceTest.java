package dev.jobs.worker.runpod;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobs.runpod.simulator.RequestLog;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.SimulatorSettings;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.worker.handler.HandlerOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rate limits, outages, timeouts and the secret, over real HTTP against the simulator. */
class RunPodResilienceTest {

    private MonitorHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void rateLimitedThreeTimesThenCompletes() {
        harness = new MonitorHarness(s -> s);
        String id = harness.createJob(Scenario.completes(Duration.ZERO, Duration.ZERO, null));
        harness.simulator.injectFaults(id, Fault.rateLimited(2, 3));
        List<HandlerOutcome> outcomes = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            outcomes.add(harness.check(id));
        }

        assertThat(outcomes.subList(0, 3)).allSatisfy(outcome -> {
            assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
            assertThat(((HandlerOutcome.CheckAgain) outcome).delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        });
        assertThat(outcomes.get(3)).isInstanceOf(HandlerOutcome.Complete.class);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(harness.simulator.requestLog().count("GET", "/v2/")).isEqualTo(4));
    }

    @Test
    void stormNeverFailsAndCircuitRecovers() throws InterruptedException {
        harness = new MonitorHarness(s -> s.withLimits(Duration.ofMillis(300), 1000, 100));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(harness.createJob(Scenario.completes(Duration.ZERO, Duration.ofSeconds(2), null)));
        }
        // The storm lasts until the circuit opens, however slowly the machine runs the checks.
        harness.simulator.storm(Duration.ofSeconds(20), 503);
        Set<CircuitBreaker.State> states = EnumSet.noneOf(CircuitBreaker.State.class);
        List<HandlerOutcome> finals = new ArrayList<>();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> running = new ArrayList<>(ids);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(running)) {
                HandlerOutcome outcome = harness.check(id);
                CircuitBreaker.State state = harness.client.circuitState();
                if (state == CircuitBreaker.State.OPEN && !states.contains(state)) {
                    harness.simulator.storm(Duration.ZERO, 503);
                }
                states.add(state);
                if (!(outcome instanceof HandlerOutcome.CheckAgain)) {
                    finals.add(outcome);
                    running.remove(id);
                }
            }
            Thread.sleep(50);
        }

        assertThat(finals).hasSize(5).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(HandlerOutcome.Complete.class));
        assertThat(states).contains(CircuitBreaker.State.OPEN);
        assertThat(harness.client.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        long failedCalls = harness.simulator.requestLog().entries().stream().filter(e -> e.status() == 503).count();
        assertThat(failedCalls).isLessThan(60);
    }

    @Test
    void stuckInQueuePastTimeoutCancelsOnce() {
        harness = new MonitorHarness(s -> s);
        String id = harness.createJob(new Scenario(Duration.ofDays(1), null, null, null, null));
        for (int i = 0; i < 3; i++) {
            assertThat(harness.check(id).runpodStatus()).isEqualTo("IN_QUEUE");
        }

        String note = harness.handler.onTimeout(harness.context(id, true));

        assertThat(note).isEqualTo("RunPod cancel returned CANCELLED");
        // The simulator logs a request just after its response is sent, so the count may lag a moment.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                harness.simulator.requestLog().count("POST", "/v2/" + MonitorHarness.ENDPOINT + "/cancel/")).isEqualTo(1));
    }

    @Test
    void timeoutWithoutCancelLeavesJob() {
        harness = new MonitorHarness(s -> s);
        String id = harness.createJob(Scenario.runsForever());

        String note = harness.handler.onTimeout(harness.context(id, false));

        assertThat(note).contains("left running");
        assertThat(harness.simulator.requestLog().count("POST", "/v2/")).isZero();
    }

    @Test
    void keyNeverReachesLogsOrOutcomes() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        String key = "rpa_Distinctive7Secret";
        SimulatorSettings simulatorSettings = new SimulatorSettings(0, key,
                SimulatorSettings.defaults().defaultScenario(), 42, Duration.ofMinutes(30));
        harness = new MonitorHarness(simulatorSettings, s -> new RunPodSettings(key, s.baseUrl(), s.requestTimeout())
                .withPolling(s.pollMin(), s.pollMax()).withLimits(Duration.ofMillis(200), 1000, 100));
        List<String> texts = new ArrayList<>();
        try {
            String id = harness.createJob(Scenario.fails(Duration.ZERO, Duration.ZERO, "boom"));
            harness.simulator.injectFaults(id, Fault.httpError(500, 4), Fault.drop(2), Fault.rateLimited(1, 1));
            for (int i = 0; i < 6; i++) {
                texts.add(String.valueOf(harness.check(id)));
            }
            texts.add(harness.handler.onTimeout(harness.context(id, true)));
            texts.add(String.valueOf(harness.check("missing-job")));
            texts.add(harness.client.settings().toString());
        } finally {
            root.detachAppender(appender);
        }

        List<String> logLines = appender.list.stream()
                .map(event -> event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()))
                .toList();
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(key));
        assertThat(texts).noneMatch(text -> text.contains(key));
    }

    @Test
    void requestLogRecordsFaultedCalls() {
        harness = new MonitorHarness(s -> s);
        String id = harness.createJob(Scenario.runsForever());
        harness.simulator.injectFaults(id, Fault.httpError(500, 1));

        harness.check(id);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(harness.simulator.requestLog().entries())
                .extracting(RequestLog.Entry::status).containsExactly(500, 200));
    }
}

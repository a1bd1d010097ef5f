package dev.jobs.bench.stack;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * CPU seconds used so far by this benchmark's own process (the producer's side), the workers, RabbitMQ
 * ({@code beam.smp}) and PostgreSQL ({@code postgres}).
 */
public record CpuUse(double bench, double workers, double rabbitmq, double postgres) {

    public static CpuUse read(WorkerProcesses workers) {
        double workerSeconds = workers.pids().stream().mapToDouble(ProcessCpu::seconds).sum();
        return new CpuUse(ProcessCpu.seconds(ProcessHandle.current().pid()), workerSeconds,
                ProcessCpu.secondsOfCommand("beam.smp"), ProcessCpu.secondsOfCommand("postgres"));
    }

    public CpuUse minus(CpuUse earlier) {
        return new CpuUse(bench - earlier.bench, workers - earlier.workers, rabbitmq - earlier.rabbitmq,
                postgres - earlier.postgres);
    }

    /** Milliseconds of CPU per job for each process, the benchmark's own included when {@code withBench}. */
    public ObjectNode perJobMillis(int jobs, boolean withBench) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (withBench) {
            node.put("bench", round3(bench * 1000 / jobs));
        }
        node.put("workers", round3(workers * 1000 / jobs));
        node.put("rabbitmq", round3(rabbitmq * 1000 / jobs));
        node.put("postgres", round3(postgres * 1000 / jobs));
        return node;
    }

    private static double round3(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
    }
}

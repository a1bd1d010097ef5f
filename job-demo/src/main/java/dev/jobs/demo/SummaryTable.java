package dev.jobs.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints one row per demo job, then the totals and every mismatch. */
final class SummaryTable {

    private static final int ERROR_WIDTH = 40;
    private static final String ROW_FORMAT = "%4s  %-40s  %-20s  %-9s  %7s  %5s  %9s  %s%n";

    private SummaryTable() {
    }

    static void print(List<JobReport> reports, Duration wallTime, PrintStream out) {
        out.println();
        out.printf(ROW_FORMAT, "#", "RunPod job id", "expected", "status", "secs", "polls", "callbacks", "error");
        for (JobReport report : reports) {
            out.printf(ROW_FORMAT, report.job().plan().index(), report.job().runpodJobId(),
                    report.job().plan().expectedEnd().label(), report.status(), seconds(report.duration()),
                    report.checks(), report.callbacks(), truncate(report.error()));
        }

        int total = reports.size();
        long asExpected = reports.stream().filter(JobReport::asExpected).count();
        long calledBackOnce = reports.stream().filter(report -> report.callbacks() == 1).count();
        out.println();
        out.printf("%d/%d jobs ended as expected, %d/%d callbacks fired exactly once%n", asExpected, total,
                calledBackOnce, total);
        out.printf("Wall time %.1f s%n", wallTime.toMillis() / 1000.0);
        for (JobReport report : reports) {
            if (!report.asExpected()) {
                out.printf("Mismatch in job %d (%s, RunPod %s): %s%n", report.job().plan().index(), report.job().jobId(),
                        report.job().runpodJobId(), String.join("; ", report.mismatches()));
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format("%.1f", duration.toMillis() / 1000.0);
    }

    private static String truncate(String error) {
        if (error == null) {
            return "";
        }
        String line = error.replaceAll("\\s+", " ");
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 1) + "…";
    }
}

package dev.jobs.e2e;

import dev.jobs.api.types.JobType;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Handlers that only tests register: one that always throws, and one that completes at once. */
@Configuration(proxyBeanMethods = false)
class TestHandlers {

    static final String ALWAYS_FAILS = "always-fails";
    static final String NO_OP = "no-op";

    static JobTypeRegistry registry() {
        return JobTypeRegistry.builtIn().with(JobType.of(ALWAYS_FAILS)).with(JobType.of(NO_OP));
    }

    @Bean
    JobHandler alwaysFails() {
        return new JobHandler() {
            @Override
            public String type() {
                return ALWAYS_FAILS;
            }

            @Override
            public HandlerOutcome handle(JobContext context) {
                throw new IllegalStateException("boom on attempt " + context.attempt());
            }
        };
    }

    @Bean
    JobHandler noOp() {
        return new JobHandler() {
            @Override
            public String type() {
                return NO_OP;
            }

            @Override
            public HandlerOutcome handle(JobContext context) {
                return HandlerOutcome.complete(context.payload());
            }
        };
    }
}

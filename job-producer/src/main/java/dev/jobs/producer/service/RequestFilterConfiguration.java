package dev.jobs.producer.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Puts the API-key check in front of {@code /jobs…} and {@code /queues} when {@code JOB_API_KEYS} is set, then the
 * request body limit in front of {@code /jobs…}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestFilterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RequestFilterConfiguration.class);

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(Environment environment) {
        ApiKeys keys = ApiKeys.parse(environment.getProperty("JOB_API_KEYS"));
        if (keys.enabled()) {
            log.info("API-key authentication is on for /jobs and /queues with {} key(s)", keys.count());
        } else {
            log.warn("JOB_API_KEYS is not set: /jobs and /queues accept requests without an API key");
        }
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys));
        // "/jobs/*" is a servlet prefix pattern, so it covers every path below /jobs too.
        registration.addUrlPatterns("/jobs", "/jobs/*", "/queues", "/queues/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Runs after the key check, so a client without a key learns nothing from the size of its body. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter());
        registration.addUrlPatterns("/jobs", "/jobs/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}

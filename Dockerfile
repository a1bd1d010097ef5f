# syntax=docker/dockerfile:1
# One image with the worker, the producer service and the RunPod simulator. The first argument of the container
# chooses the program: worker (default), producer, simulator, redrive or submit-demo (see docker/entrypoint.sh).

# Build stage: the Maven Wrapper on a JDK 21 image. Tests are skipped here, because they need PostgreSQL and
# RabbitMQ; CI runs them outside Docker.
FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl job-worker,job-producer,runpod-simulator -am package \
 && mkdir /out \
 && cp job-worker/target/job-worker-*-exec.jar /out/worker.jar \
 && cp job-producer/target/job-producer-*-exec.jar /out/producer.jar \
 && cp runpod-simulator/target/runpod-simulator-*-exec.jar /out/simulator.jar

# Runtime stage: a JRE, curl for the health checks, and an unprivileged user.
FROM eclipse-temurin:21.0.8_9-jre-noble AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/jobs jobs
WORKDIR /opt/jobs
COPY --from=build /out/ /opt/jobs/
COPY docker/entrypoint.sh docker/submit-demo.sh /opt/jobs/
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER jobs
# 8080: producer HTTP API; 8081: worker health and metrics; 8089: simulator.
EXPOSE 8080 8081 8089
ENTRYPOINT ["/opt/jobs/entrypoint.sh"]
CMD ["worker"]

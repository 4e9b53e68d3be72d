# syntax=docker/dockerfile:1
# Both images, from the repository root:
#   docker build --target engine   -t shadowflow/engine:dev .    # one run or one shadow shard, then exits
#   docker build --target operator -t shadowflow/operator:dev .  # reconciles Workflows and ShadowRuns
# Add --build-arg SHADOWFLOW_COMMIT=$(git rev-parse HEAD): .git stays out of the context, and the
# engine records its commit in golden records (the incident runbook compares it).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG SHADOWFLOW_COMMIT=unknown
WORKDIR /src
# Maven reads every module's pom of the reactor, even with -pl: all of them, then the sources.
COPY pom.xml ./
COPY .mvn .mvn
COPY crds/pom.xml crds/
COPY sdk/pom.xml sdk/
COPY examples/java-step/pom.xml examples/java-step/
COPY engine/pom.xml engine/
COPY testkit/pom.xml testkit/
COPY operator/pom.xml operator/
COPY e2e/pom.xml e2e/
COPY certify/pom.xml certify/
COPY console/pom.xml console/
COPY crds/src crds/src
COPY sdk/src sdk/src
# The engine's tests run the example plugin, and -am builds it.
COPY examples/java-step/src examples/java-step/src
COPY engine/src engine/src
# The operator's tests compile against the test kit, and -am builds what they need.
COPY testkit/src testkit/src
# The operator serves the console when enabled.
COPY console/src console/src
COPY operator/src operator/src
# Each module's runtime dependencies land in its target/dependency; its own jar joins them there
# (not its -tests jar: [!s].jar).
RUN mvn -B -q -pl operator -am package dependency:copy-dependencies \
      -DskipTests -Dspotless.check.skip=true -DincludeScope=runtime \
      -Dshadowflow.commit="$SHADOWFLOW_COMMIT" \
 && cp engine/target/shadowflow-engine-*[!s].jar engine/target/dependency/ \
 && cp operator/target/shadowflow-operator-*[!s].jar operator/target/dependency/

FROM eclipse-temurin:17-jre AS runtime
ARG SHADOWFLOW_COMMIT=unknown
LABEL org.opencontainers.image.revision=$SHADOWFLOW_COMMIT
# A fixed numeric user: Kubernetes' runAsNonRoot can verify it (the chart runs both as 10001).
RUN groupadd --system --gid 10001 shadowflow \
 && useradd --system --uid 10001 --gid shadowflow --home-dir /nonexistent --shell /usr/sbin/nologin shadowflow
USER 10001:10001

# Root filesystems are read-only in the engine Jobs and the operator Deployment; the JVM needs only
# /tmp (an emptyDir).
FROM runtime AS engine
COPY --from=build /src/engine/target/dependency /app/lib
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.shadowflow.engine.cli.Main"]
CMD ["--help"]

FROM runtime AS operator
COPY --from=build /src/operator/target/dependency /app/lib
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.shadowflow.operator.runtime.OperatorMain"]

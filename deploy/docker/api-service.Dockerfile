# From the repository root: docker build -f deploy/docker/api-service.Dockerfile -t normlab/api-service:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl api-service -am

# Built for Java 17, run on 25: JDK 17's type checks against interfaces contend across cores
# (JDK-8180450, fixed in 23 and 21u), which halved the API's submissions/s in some runs of
# bin/bench submissions; on 25 both runs met the target (docs/benchmarks.md "submissions").
FROM eclipse-temurin:25-jre
# curl: the compose healthcheck asks /actuator/health/readiness.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 normlab
COPY --from=build /src/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 10001
ENV NORMLAB_API_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]

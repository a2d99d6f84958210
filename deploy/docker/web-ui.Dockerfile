# From the repository root: docker build -f deploy/docker/web-ui.Dockerfile -t normlab/web-ui:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl web-ui -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 normlab
COPY --from=build /src/web-ui/target/web-ui-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 10001
ENV NORMLAB_UI_PORT=8090
EXPOSE 8090
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]

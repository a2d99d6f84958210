# From the repository root: docker build -f deploy/docker/eval-worker.Dockerfile -t normlab/eval-worker:0.1.0 .
# CPU evaluation: DJL's CPU PyTorch natives are inside the jar (pytorch-native-cpu), so nothing is
# downloaded at run time (DJL_OFFLINE). Fashion-MNIST comes from Debian's dataset-fashion-mnist;
# other datasets are mounted at their configured location (docs/operator-guide.md, Datasets).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl eval-worker -am

FROM debian:bookworm-slim AS datasets
RUN apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist \
    && rm -rf /var/lib/apt/lists/*

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home normlab
COPY --from=datasets /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
COPY --from=build /src/eval-worker/target/eval-worker-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 10001
# DJL's allocator churn: keep freed native blocks (docs/ml-core.md; the same values as the surefire config).
ENV NORMLAB_EVAL_PORT=8082 \
    NORMLAB_CHECKPOINT_DIR=/var/lib/normlab/checkpoints \
    DJL_OFFLINE=true \
    ENGINE_CACHE_DIR=/home/normlab/.djl.ai \
    MALLOC_MMAP_THRESHOLD_=4294967296 \
    MALLOC_TRIM_THRESHOLD_=68719476736 \
    MALLOC_TOP_PAD_=1073741824
EXPOSE 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/app.jar"]

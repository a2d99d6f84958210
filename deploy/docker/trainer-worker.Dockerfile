# From the repository root: docker build -f deploy/docker/trainer-worker.Dockerfile -t normlab/trainer-worker:0.1.0 .
# docker build -f deploy/docker/trainer-worker.Dockerfile --build-arg TORCH_FLAVOR=cpu -t normlab/trainer-worker:0.1.0-cpu .
#
# GPU trainer. The jar carries DJL's CPU natives (pytorch-native-cpu); DJL publishes no CUDA natives
# jar for PyTorch 2.7.1 on Maven Central, so the CUDA libtorch is fetched at image build time from
# DJL's own repository (publish.djl.ai, the URLs DJL itself downloads from) and pointed at with
# PYTORCH_LIBRARY_PATH, which DJL prefers over the jar. The JNI bridge goes where DJL looks for it:
# $ENGINE_CACHE_DIR/pytorch/<version>-<flavor>-<classifier>/<djl version>-libdjl_torch.so.
# With the CUDA natives DJL's default device is gpu(0) whenever a GPU is visible, so ml-core trains
# there without configuration. Not built in this repository's CI (no Docker engine): see
# docs/operator-guide.md, GPU nodes, for how to check an image.
ARG TORCH_FLAVOR=cu128
ARG PYTORCH_VERSION=2.7.1
ARG DJL_VERSION=0.35.1

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl trainer-worker -am

FROM debian:bookworm-slim AS natives
ARG TORCH_FLAVOR
ARG PYTORCH_VERSION
ARG DJL_VERSION
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gzip \
    && rm -rf /var/lib/apt/lists/*
RUN set -eu; mkdir -p /opt/libtorch; \
    if [ "$TORCH_FLAVOR" != cpu ]; then \
      base="https://publish.djl.ai/pytorch/${PYTORCH_VERSION}"; \
      curl -fsSL "$base/files.txt" | grep "^${TORCH_FLAVOR}/linux-x86_64/native/lib/" > /tmp/files; \
      test -s /tmp/files; \
      while read -r f; do name=$(basename "$f" .gz); curl -fsSL "$base/$f" | gunzip > "/opt/libtorch/$name"; done < /tmp/files; \
      jni="/opt/djl/pytorch/${PYTORCH_VERSION}-${TORCH_FLAVOR}-linux-x86_64"; mkdir -p "$jni"; \
      curl -fsSL -o "$jni/${DJL_VERSION}-libdjl_torch.so" \
        "$base/jnilib/${DJL_VERSION}/linux-x86_64/${TORCH_FLAVOR}/libdjl_torch.so"; \
    fi; mkdir -p /opt/djl

FROM debian:bookworm-slim AS datasets
RUN apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist \
    && rm -rf /var/lib/apt/lists/*

# The CUDA runtime and cuDNN the libtorch flavor was built against (cu128: CUDA 12.8).
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
ARG TORCH_FLAVOR
ARG PYTORCH_VERSION
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 --create-home normlab
COPY --from=natives /opt/libtorch /opt/libtorch
COPY --from=natives --chown=10001 /opt/djl /opt/djl
COPY --from=datasets /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
COPY --from=build /src/trainer-worker/target/trainer-worker-0.1.0-SNAPSHOT-exec.jar /app/app.jar
USER 10001
# PYTORCH_LIBRARY_PATH is set only for CUDA flavors (an empty /opt/libtorch would make DJL skip it
# anyway and use the jar's CPU natives, which is what the cpu flavor wants).
ENV NORMLAB_TRAINER_PORT=8081 \
    NORMLAB_CHECKPOINT_DIR=/var/lib/normlab/checkpoints \
    PYTORCH_LIBRARY_PATH=/opt/libtorch \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=${TORCH_FLAVOR} \
    ENGINE_CACHE_DIR=/opt/djl \
    DJL_OFFLINE=true \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    MALLOC_MMAP_THRESHOLD_=4294967296 \
    MALLOC_TRIM_THRESHOLD_=68719476736 \
    MALLOC_TOP_PAD_=1073741824
EXPOSE 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/app.jar"]

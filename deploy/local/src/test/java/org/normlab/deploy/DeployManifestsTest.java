package org.normlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.deploy.ServiceConfiguration.ROOT;
import static org.normlab.deploy.ServiceConfiguration.YAML;
import static org.normlab.deploy.ServiceConfiguration.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No Docker engine or cluster runs here, so the deploy files are checked against the services
 * themselves: every image is built from the module's jar, every port is the one the service
 * listens on, every environment variable is one the service reads, every probe path is served.
 */
class DeployManifestsTest {

  static final List<String> SERVICES = List.of("api-service", "trainer-worker", "eval-worker", "web-ui");
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final Map<String, ServiceConfiguration> CONFIG = Map.of(
      "api-service", ServiceConfiguration.of("api-service"),
      "trainer-worker", ServiceConfiguration.of("trainer-worker"),
      "eval-worker", ServiceConfiguration.of("eval-worker"),
      "web-ui", ServiceConfiguration.of("web-ui"));

  @Test
  void everyManifestIsWellFormedYaml() throws IOException {
    List<Path> files = new ArrayList<>(List.of(DEPLOY.resolve("compose.yaml"), DEPLOY.resolve("compose.cpu.yaml")));
    try (Stream<Path> k8s = Files.list(DEPLOY.resolve("k8s"))) {
      k8s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      assertThat(documents(file)).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
    }
  }

  @Test
  void theKustomizationListsEveryManifestAndEveryImage() throws IOException {
    JsonNode kustomization = documents(DEPLOY.resolve("k8s/kustomization.yaml")).get(0);
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asString()));
    try (Stream<Path> k8s = Files.list(DEPLOY.resolve("k8s"))) {
      assertThat(listed).containsExactlyInAnyOrderElementsOf(k8s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
    }
    List<String> images = new ArrayList<>();
    kustomization.path("images").forEach(i -> images.add(i.path("name").asString()));
    assertThat(images).containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "normlab/" + s).toList());
  }

  @Test
  void eachDockerfileCopiesTheJarItsModuleBuildsAndExposesTheServicePort() {
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceConfiguration config = CONFIG.get(service);
      String dockerfile = read(DEPLOY.resolve("docker/" + service + ".Dockerfile"));
      soft.assertThat(dockerfile).as(service).contains("-pl " + service + " -am")
          .contains("COPY --from=build /src/" + config.jar() + " /app/app.jar")
          .contains("EXPOSE " + config.port());
      for (String name : envKeys(dockerfile)) {
        soft.assertThat(config.reads(name)).as(service + " Dockerfile ENV " + name + " is read by the service").isTrue();
      }
    }
    soft.assertAll();
  }

  @Test
  void composeRunsEachServiceOnItsPortWithOnlySettingsItReads() {
    JsonNode services = documents(DEPLOY.resolve("compose.yaml")).get(0).path("services");
    assertThat(services.properties()).extracting(Map.Entry::getKey)
        .contains("postgres", "kafka", "api-service", "trainer-worker", "eval-worker", "web-ui");
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceConfiguration config = CONFIG.get(service);
      JsonNode compose = services.path(service);
      soft.assertThat(compose.at("/build/dockerfile").asString()).isEqualTo("deploy/docker/" + service + ".Dockerfile");
      soft.assertThat(compose.path("image").asString()).startsWith("normlab/" + service + ":");
      for (Map.Entry<String, JsonNode> env : compose.path("environment").properties()) {
        soft.assertThat(config.reads(env.getKey())).as(service + " compose env " + env.getKey()).isTrue();
        if (env.getKey().endsWith("_PORT")) {
          soft.assertThat(env.getValue().asString()).as(service + " port").isEqualTo(String.valueOf(config.port()));
        }
      }
      compose.path("ports").forEach(p -> soft.assertThat(p.asString()).endsWith(":" + config.port()));
      String health = compose.at("/healthcheck/test").toString();
      Matcher path = Pattern.compile("localhost:(\\d+)(/actuator/[a-z/]+)").matcher(health);
      if (path.find()) {
        soft.assertThat(Integer.parseInt(path.group(1))).isEqualTo(config.port());
        soft.assertThat(config.serves(path.group(2))).as(service + " serves " + path.group(2)).isTrue();
      }
    }
    soft.assertThat(services.at("/trainer-worker/deploy/resources/reservations/devices/0/capabilities").toString())
        .contains("gpu");
    soft.assertThat(services.at("/trainer-worker/volumes/0").asString())
        .isEqualTo(services.at("/eval-worker/volumes/0").asString());
    soft.assertAll();
  }

  @Test
  void kubernetesDeploymentsUseTheServicesPortsSettingsProbesAndScrapePaths() {
    Map<String, JsonNode> configMaps = byName(k8s("config.yaml"), "ConfigMap");
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      ServiceConfiguration config = CONFIG.get(service);
      JsonNode deployment = byName(k8s(service + ".yaml"), "Deployment").get(service);
      soft.assertThat(deployment).as(service + " Deployment").isNotNull();
      JsonNode pod = deployment.at("/spec/template");
      JsonNode container = pod.at("/spec/containers/0");
      soft.assertThat(container.path("image").asString()).startsWith("normlab/" + service + ":");
      soft.assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(config.port());
      soft.assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asString())
          .isEqualTo(String.valueOf(config.port()));
      soft.assertThat(config.serves(pod.at("/metadata/annotations/prometheus.io~1path").asString())).isTrue();
      List<String> env = new ArrayList<>();
      container.path("env").forEach(e -> env.add(e.path("name").asString()));
      container.path("envFrom").forEach(ref -> {
        JsonNode map = configMaps.get(ref.at("/configMapRef/name").asString());
        soft.assertThat(map).as(service + " envFrom " + ref).isNotNull();
        if (map != null) {
          map.path("data").properties().forEach(e -> env.add(e.getKey()));
        }
      });
      for (String name : env) {
        soft.assertThat(config.reads(name)).as(service + " k8s env " + name + " is read by the service").isTrue();
      }
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        JsonNode get = container.at("/" + probe + "/httpGet");
        if (!get.isMissingNode()) {
          soft.assertThat(config.serves(get.path("path").asString())).as(service + " " + probe).isTrue();
          soft.assertThat(get.path("port").asString()).isEqualTo("http");
        }
      }
      soft.assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
      soft.assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
    }
    soft.assertAll();
  }

  @Test
  void trainersRequestAGpuAndShareTheCheckpointVolumeWithTheEvaluator() {
    JsonNode trainer = byName(k8s("trainer-worker.yaml"), "Deployment").get("trainer-worker").at("/spec/template/spec");
    JsonNode evaluator = byName(k8s("eval-worker.yaml"), "Deployment").get("eval-worker").at("/spec/template/spec");
    String claim = byName(k8s("checkpoints-pvc.yaml"), "PersistentVolumeClaim").keySet().iterator().next();

    assertThat(trainer.at("/containers/0/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
    assertThat(trainer.at("/volumes/0/persistentVolumeClaim/claimName").asString()).isEqualTo(claim);
    assertThat(evaluator.at("/volumes/0/persistentVolumeClaim/claimName").asString()).isEqualTo(claim);
    assertThat(k8s("checkpoints-pvc.yaml").get(0).at("/spec/accessModes/0").asString()).isEqualTo("ReadWriteMany");
    String checkpointDir = envValue(trainer.at("/containers/0"), "NORMLAB_CHECKPOINT_DIR");
    assertThat(trainer.at("/containers/0/volumeMounts/0/mountPath").asString()).isEqualTo(checkpointDir);
    assertThat(evaluator.at("/containers/0/volumeMounts/0/mountPath").asString())
        .isEqualTo(envValue(evaluator.at("/containers/0"), "NORMLAB_CHECKPOINT_DIR")).isEqualTo(checkpointDir);
  }

  @Test
  void autoscalersTargetTheDeploymentsAndReadWhatTheServicesPublish() {
    Map<String, JsonNode> scalers = byName(k8s("autoscaling.yaml"), "ScaledObject");
    assertThat(scalers.keySet()).containsExactlyInAnyOrder("trainer-worker", "eval-worker");
    scalers.forEach((name, scaler) ->
        assertThat(scaler.at("/spec/scaleTargetRef/name").asString()).isEqualTo(name));

    JsonNode kafka = scalers.get("eval-worker").at("/spec/triggers/0");
    assertThat(kafka.path("type").asString()).isEqualTo("kafka");
    assertThat(read(ROOT.resolve("contracts/src/main/java/org/normlab/contracts/Topics.java")))
        .contains("EVAL_REQUESTS = \"" + kafka.at("/metadata/topic").asString() + "\"");
    assertThat(kafka.at("/metadata/consumerGroup").asString())
        .isEqualTo(CONFIG.get("eval-worker").yaml().at("/spring/kafka/consumer/group-id").asString());

    String query = scalers.get("trainer-worker").at("/spec/triggers/0/metadata/query").asString();
    String gauges = read(ROOT.resolve("api-service/src/main/java/org/normlab/api/experiment/RunGauges.java"));
    Matcher metric = Pattern.compile("normlab_[a-z_]+").matcher(query);
    List<String> metrics = new ArrayList<>();
    while (metric.find()) {
      metrics.add(metric.group());
    }
    assertThat(metrics).containsExactlyInAnyOrder("normlab_queue_depth", "normlab_runs");
    metrics.forEach(m -> assertThat(gauges).contains("\"" + m.replace('_', '.') + "\""));
    assertThat(gauges).contains(".tag(\"state\"");
    Set.of("DISPATCHED", "RUNNING", "PAUSING").forEach(state -> assertThat(query).contains(state));
  }

  private static List<JsonNode> k8s(String file) {
    return documents(DEPLOY.resolve("k8s").resolve(file));
  }

  static List<JsonNode> documents(Path file) {
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(read(file))) {
      return docs.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
    }
  }

  private static Map<String, JsonNode> byName(List<JsonNode> docs, String kind) {
    Map<String, JsonNode> named = new java.util.LinkedHashMap<>();
    docs.stream().filter(d -> kind.equals(d.path("kind").asString()))
        .forEach(d -> named.put(d.at("/metadata/name").asString(), d));
    return named;
  }

  private static String envValue(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asString())) {
        return e.path("value").asString();
      }
    }
    throw new AssertionError(name + " not set");
  }

  /** The keys of every ENV instruction (continuation lines joined). */
  static List<String> envKeys(String dockerfile) {
    String joined = dockerfile.replace("\\\n", " ");
    List<String> keys = new ArrayList<>();
    for (String line : joined.split("\n")) {
      if (line.startsWith("ENV ")) {
        Matcher key = Pattern.compile("([A-Z_][A-Z0-9_]*)=").matcher(line);
        while (key.find()) {
          keys.add(key.group(1));
        }
      }
    }
    return keys;
  }
}

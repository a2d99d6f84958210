package org.normlab.api.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.error;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.RunDispatch;
import tools.jackson.databind.JsonNode;

class RecipeIT extends ApiIntegrationTest {

  @Test
  void listsEveryRecipeWithItsSettingsAndSources() {
    Response response = get("/api/v1/recipes");

    assertThat(response.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    response.body().forEach(recipe -> names.add(recipe.get("name").asString()));
    assertThat(names).contains("ibn-net-imagenet", "mabn-imagenet", "mxnet-ibn", "fashion-mnist-demo");
    JsonNode mabn = get("/api/v1/recipes/mabn-imagenet").body();
    assertThat(mabn.at("/settings/labelSmoothing").asDouble()).isEqualTo(0.1);
    assertThat(mabn.at("/settings/normBatchSize").asInt()).isEqualTo(2);
    assertThat(mabn.get("sources").get(0).asString()).contains("cls/train.py");
    assertThat(mabn.at("/settings/name").isMissingNode()).isTrue();
  }

  @Test
  void anUnknownRecipeIsNotFoundListingTheKnownOnes() {
    Response response = get("/api/v1/recipes/mabn");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    List<String> known = new ArrayList<>();
    response.body().get("allowed").forEach(n -> known.add(n.asString()));
    assertThat(known).contains("mabn-imagenet");
  }

  @Test
  void aNamedRecipeIsResolvedIntoTheDispatchedSpecAndTheRequestOverridesIt() {
    Response created = post("/api/v1/experiments", """
        {"name": "mabn recipe, short", "recipe": "mabn-imagenet", "dataset": "fashion-mnist",
         "backbone": "resnet10", "norm": "mabn", "baseWidth": 8, "batchSize": 32, "iterations": 40,
         "optimizer": {"lr": 0.02, "schedule": {"warmupIterations": 5}}, "dropout": 0.2}
        """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode spec = created.body().get("spec");
    // From the recipe:
    assertThat(spec.get("normBatchSize").asInt()).isEqualTo(2);
    assertThat(spec.at("/optimizer/momentum").asDouble()).isEqualTo(0.9);
    assertThat(spec.at("/optimizer/schedule/type").asString()).isEqualTo("multistep");
    assertThat(spec.at("/optimizer/schedule/milestones").toString()).isEqualTo("[30,60,90,120]");
    assertThat(spec.at("/recipe/labelSmoothing").asDouble()).isEqualTo(0.1);
    assertThat(spec.at("/recipe/augmentation").asString()).isEqualTo("mabn");
    assertThat(spec.at("/recipe/name").asString()).isEqualTo("mabn-imagenet");
    // From the request, field by field inside the optimizer too; its length replaces the recipe's:
    assertThat(spec.get("batchSize").asInt()).isEqualTo(32);
    assertThat(spec.get("iterations").asInt()).isEqualTo(40);
    assertThat(spec.has("epochs")).isFalse();
    assertThat(spec.at("/optimizer/lr").asDouble()).isEqualTo(0.02);
    assertThat(spec.at("/optimizer/schedule/warmupIterations").asInt()).isEqualTo(5);
    assertThat(spec.at("/recipe/dropout").asDouble()).isEqualTo(0.2);

    String id = created.body().get("id").asString();
    RunDispatch dispatch;
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      dispatch = worker.awaitDispatch(UUID.fromString(id), 1, Duration.ofSeconds(30)).orElseThrow();
    }
    assertThat(dispatch.spec().recipe().name()).isEqualTo("mabn-imagenet");
    assertThat(dispatch.spec().recipe().augmentation()).isEqualTo(Augmentation.MABN);
    assertThat(dispatch.spec().optimizer().schedule().milestones()).containsExactly(30, 60, 90, 120);

    JsonNode listed = get("/api/v1/experiments?recipe=mabn-imagenet&size=200").body();
    List<String> ids = new ArrayList<>();
    listed.get("content").forEach(e -> ids.add(e.get("id").asString()));
    assertThat(ids).contains(id);
    assertThat(get("/api/v1/experiments?recipe=ibn-net-imagenet&size=200").body().toString()).doesNotContain(id);
  }

  @Test
  void aRequestWithoutRecipeTrainsPlainAndStoresNoRecipeName() {
    Response created = post("/api/v1/experiments", """
        {"name": "plain", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "iterations": 10}
        """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode recipe = created.body().at("/spec/recipe");
    assertThat(recipe.has("name")).isFalse();
    assertThat(recipe.get("labelSmoothing").asDouble()).isZero();
    assertThat(recipe.get("augmentation").asString()).isEqualTo("none");
  }

  @Test
  void anUnknownRecipeAndBadOverridesAreRejectedWithTheAllowedValues() {
    Response response = post("/api/v1/experiments", """
        {"name": "x", "recipe": "mabn-imagnet", "dataset": "fashion-mnist", "backbone": "resnet10",
         "norm": "bn", "batchSize": 32, "epochs": 1, "labelSmoothing": 1.5, "dropout": -0.1,
         "augmentation": "random-crop", "validation": "center",
         "optimizer": {"schedule": {"type": "constant", "warmupIterations": 10, "warmupFactor": 0}}}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode errors = response.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("recipe", "labelSmoothing", "dropout", "augmentation",
        "validation", "optimizer.schedule.warmupFactor");
    assertThat(allowed(errors, "recipe")).contains("mabn-imagenet", "ibn-net-imagenet", "mxnet-ibn");
    assertThat(error(errors, "recipe").get("message").asString()).contains("did you mean 'mabn-imagenet'");
    assertThat(allowed(errors, "augmentation")).containsExactly("none", "ibn_net", "mabn", "mxnet");
    assertThat(allowed(errors, "validation")).containsExactly("none", "ibn_net", "mabn", "mxnet");
    assertThat(error(errors, "labelSmoothing").get("message").asString()).contains("[0, 1)");
  }
}

package org.normlab.api.support;

/**
 * Registers a dataset for a test through the admin API, and retires it afterwards so that tests
 * sharing the context (a suite that submits when the dataset exists) see the server as configured.
 */
public final class Datasets {

  private Datasets() {}

  /** Registers {@code name}, or reinstates it where an earlier test registered and retired it. */
  public static void activate(ApiIntegrationTest test, String name, String task, int numClasses) {
    ApiIntegrationTest.Response registered = test.post("/api/v1/datasets", """
        {"name": "%s", "task": "%s", "numClasses": %d, "description": "registered by a test"}
        """.formatted(name, task, numClasses));
    if (registered.status() == 409) {
      registered = test.post("/api/v1/datasets/" + name + "/reinstate", "");
    }
    if (registered.status() / 100 != 2) {
      throw new AssertionError("dataset " + name + " not active: " + registered.status() + " " + registered.body());
    }
  }

  public static void retire(ApiIntegrationTest test, String name) {
    ApiIntegrationTest.Response retired = test.post("/api/v1/datasets/" + name + "/retire", "");
    if (retired.status() != 200) {
      throw new AssertionError("dataset " + name + " not retired: " + retired.status() + " " + retired.body());
    }
  }
}

package org.normlab.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in Debian's chromium against the real stack (PostgreSQL, Kafka, the API, a trainer
 * training on Fashion-MNIST with DJL, the eval worker, the web-ui): one stack and one browser for all
 * tests. Screenshots land in target/screenshots. Runs are tiny (ResNet-10 of width 8) so the class
 * stays within a few minutes on 2 cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

  static final String XSS_NAME = "<script>alert(1)</script>";
  static final String IMG_XSS_NAME = "gn <img src=x onerror=alert(2)>";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration UI_WAIT = Duration.ofSeconds(60);
  /** A trainer reports every 20 iterations: on a loaded 2-core machine that can take a minute or more. */
  static final Duration NEXT_POINT_WAIT = Duration.ofMinutes(4);
  /** Has a colon, which the page encodes and the proxy must pass through unchanged. */
  static final String TAG = "ui:shown";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path workDir;

  static LocalStack stack;
  static ApiClient api;
  static Runs runs;
  static ChromeDriver browser;
  static String liveRun;
  static String bnRun;
  static String markupRun;

  @BeforeAll
  static void startStackAndBrowser() throws Exception {
    browser = startChromium(); // first: a missing browser fails in a second, not after the stack starts
    Path root = StackConfig.findRepoRoot(Path.of(""));
    StackConfig config = new StackConfig(root, workDir, StackConfig.DEBIAN_FASHION_MNIST,
        FreePorts.one(), FreePorts.pair(), FreePorts.one(), FreePorts.one(), FreePorts.one(), FreePorts.one(), 1,
        Duration.ofSeconds(15), 200);
    stack = LocalStack.start(config, new Console(System.out));
    api = new ApiClient(config.apiUrl(), stack.adminToken());
    runs = new Runs(api);
    // One trainer slot: the short run trains first and is evaluated while the long run's curve is
    // watched. Evaluation (10,000 test images) is the slow part, so only one run is evaluated.
    bnRun = submit(XSS_NAME, "bn", 20, "high", List.of(TAG));
    liveRun = submit("browser live curve", "bn", 2000, "normal", List.of());
    markupRun = submit(IMG_XSS_NAME, "gn:4", 20, "low", List.of());
    api.postAction("/api/v1/experiments/" + markupRun + "/cancel"); // listed by name, never trained
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void screenshotAndConsole(TestInfo test) throws Exception {
    screenshot("after-" + test.getTestMethod().orElseThrow().getName());
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      System.out.println("[chromium console] " + entry.getLevel() + " " + entry.getMessage());
    }
  }

  @Test
  @Order(1)
  void runPageCurveGrowsWithPointsStreamedOverSse() throws Exception {
    JsonNode run = runs.awaitIteration(liveRun, 20);
    open("#/run/" + liveRun);
    WebElement loss = waitFor(By.cssSelector("#loss-chart"));
    int before = points();
    assertThat(before).isGreaterThan(0);
    assertThat(text(By.id("run-name"))).isEqualTo("browser live curve");
    assertThat(text(By.id("config-hash"))).isEqualTo(run.get("configHash").asString());
    assertThat(loss.findElements(By.cssSelector("polyline"))).hasSize(1);

    // The page reads /metrics once; later points reach it only through the event stream.
    new WebDriverWait(browser, NEXT_POINT_WAIT).until(d -> points() > before);
    assertThat(text(By.id("live-state"))).startsWith("live");
    assertThat(browser.findElements(By.cssSelector("#lr-chart polyline, #throughput-chart polyline"))).hasSize(2);
    screenshot("run-live-curve");

    // Stopped from the page: the status change comes back over the stream too.
    browser.findElement(By.cssSelector("button[data-action=cancel]")).click();
    new WebDriverWait(browser, UI_WAIT).until(d -> text(By.cssSelector(".status")).equals("CANCELLED"));
    assertThat(runs.get(liveRun).get("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  @Order(2)
  void leaderboardShowsRunsBesidePaperRowsAndFiltersOnTheServer() throws Exception {
    awaitSucceeded(bnRun);
    open("#/leaderboard?dataset=fashion-mnist");
    new WebDriverWait(browser, UI_WAIT).until(d -> rowsOf("leaderboard").size() == 1);
    assertThat(rowsOf("leaderboard").get(0).getAttribute("data-run-id")).isEqualTo(bnRun);
    assertThat(text(By.id("leaderboard-summary"))).startsWith("1 runs match");
    // Our published Fashion-MNIST baseline rows stand beside ours, BN@8 matched to this run.
    assertThat(browser.findElements(By.cssSelector("#references tbody tr"))).isNotEmpty();
    screenshot("leaderboard");

    filter("gn:4", "");
    new WebDriverWait(browser, UI_WAIT).until(d -> text(By.id("leaderboard-summary")).startsWith("0 runs match"));
    assertThat(rowsOf("leaderboard")).isEmpty();
    assertThat(browser.getCurrentUrl()).contains("norm=gn%3A4");
    screenshot("leaderboard-filtered-out");

    filter("", TAG);
    new WebDriverWait(browser, UI_WAIT).until(d -> text(By.id("leaderboard-summary")).startsWith("1 runs match"));
    assertThat(rowsOf("leaderboard").get(0).getAttribute("data-run-id")).isEqualTo(bnRun);
    assertThat(browser.getCurrentUrl()).contains("tag=ui%3Ashown").doesNotContain("norm=");
    screenshot("leaderboard-filtered");
  }

  private static void filter(String norm, String tag) {
    for (var input : Map.of("norm", norm, "tag", tag).entrySet()) {
      WebElement field = browser.findElement(By.cssSelector("#leaderboard-filters input[name=" + input.getKey() + "]"));
      field.clear();
      field.sendKeys(input.getValue());
    }
    browser.findElement(By.cssSelector("#leaderboard-filters button[type=submit]")).click();
  }

  @Test
  @Order(3)
  void namesWithMarkupRenderAsTextEverywhere() throws Exception {
    awaitSucceeded(bnRun);
    open("#/leaderboard?dataset=fashion-mnist");
    new WebDriverWait(browser, UI_WAIT).until(d -> linkTexts("#leaderboard").contains(XSS_NAME));
    assertNothingInjected();

    open("#/runs");
    new WebDriverWait(browser, UI_WAIT).until(d -> linkTexts("#runs").contains(XSS_NAME));
    assertThat(linkTexts("#runs")).contains(IMG_XSS_NAME);
    assertNothingInjected();
    screenshot("runs-with-markup-names");

    open("#/run/" + bnRun);
    new WebDriverWait(browser, UI_WAIT).until(d -> text(By.id("run-name")).equals(XSS_NAME));
    assertNothingInjected();
    screenshot("run-named-script");
  }

  @Test
  @Order(4)
  void submissionFormShowsTheApisFieldErrorsThenSubmits() throws Exception {
    open("#/submit");
    WebElement token = waitFor(By.id("token"));
    token.clear();
    token.sendKeys(stack.adminToken(), Keys.TAB);
    WebElement form = waitFor(By.id("submit-form"));
    field(form, "name").sendKeys("browser form run");
    field(form, "batchSize").clear();
    field(form, "batchSize").sendKeys("32");
    field(form, "normBatchSize").sendKeys("5");
    field(form, "backbone").clear();
    field(form, "backbone").sendKeys("resnet5O");
    form.findElement(By.cssSelector("button[type=submit]")).click();

    WebElement normError = waitFor(By.cssSelector("#submit-form .field-error[data-field=normBatchSize]"));
    assertThat(normError.getText()).contains("must divide batchSize (32)");
    WebElement backboneError = browser.findElement(By.cssSelector("#submit-form .field-error[data-field=backbone]"));
    assertThat(backboneError.getText()).contains("allowed:");
    assertThat(text(By.cssSelector("#submit-outcome .problem"))).contains("400").contains("normBatchSize");
    assertThat(field(form, "normBatchSize").getAttribute("aria-invalid")).isEqualTo("true");
    screenshot("submit-validation-errors");

    field(form, "normBatchSize").clear();
    field(form, "normBatchSize").sendKeys("8");
    field(form, "backbone").clear();
    field(form, "backbone").sendKeys("resnet10");
    field(form, "iterations").clear();
    field(form, "iterations").sendKeys("20");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement created = waitFor(By.cssSelector("#submit-outcome .ok a"));
    assertThat(created.getText()).isEqualTo("browser form run");
    assertThat(browser.findElements(By.cssSelector("#submit-form .field-error"))).isEmpty();
    String id = created.getAttribute("href").replaceAll(".*#/run/", "");
    JsonNode stored = runs.get(id);
    assertThat(stored.at("/spec/normBatchSize").asInt()).isEqualTo(8);
    assertThat(stored.at("/spec/batchSize").asInt()).isEqualTo(32);
    screenshot("submit-created");
    api.postAction("/api/v1/experiments/" + id + "/cancel"); // nothing more to learn from training it
  }

  /** Every page renders its heading from the real API with no problem shown and no script error. */
  @Test
  @Order(5)
  void everyPageRendersWithoutAProblem() throws Exception {
    Map<String, String> pages = Map.of(
        "#/mabn?dataset=fashion-mnist", "MABN: top-1 error vs normalization batch size",
        "#/ibn?dataset=imagenet", "IBN-Net ImageNet table",
        "#/runs", "Runs",
        "#/sweep", "Sweep",
        "#/suites", "Reproduction suites",
        "#/suites/fashion-mnist-norms", "Suite fashion-mnist-norms",
        "#/queue", "Queue",
        "#/leaderboard?dataset=imagenet", "Leaderboard: imagenet");
    for (var page : pages.entrySet()) {
      open(page.getKey());
      new WebDriverWait(browser, UI_WAIT).until(d -> text(By.cssSelector("#view h2")).startsWith(page.getValue()));
      assertThat(browser.findElements(By.cssSelector("#view .problem"))).as(page.getKey()).isEmpty();
      screenshot("page-" + page.getKey().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
    }
    open("#/mabn?dataset=imagenet");
    waitFor(By.cssSelector("#mabn-figure .series")); // the MABN paper's rows are lines even before any run of ours
    open("#/ibn?dataset=imagenet");
    new WebDriverWait(browser, UI_WAIT).until(d -> rowsOf("ibn-table").size() > 0);
    open("#/leaderboard?dataset=imagenet");
    new WebDriverWait(browser, UI_WAIT).until(d -> rowsOf("references").size() > 0);
  }

  /** A 1 × 2 × 1 grid: one cell is submitted and listed with its run, the other shows the API's error. */
  @Test
  @Order(6)
  void sweepSubmitsOneRunPerCellAndListsThem() throws Exception {
    open("#/sweep");
    WebElement form = waitFor(By.id("sweep-form"));
    for (var input : Map.of("backbones", "resnet10", "norms", "bn, nonorm", "sizes", "4", "iterations", "20").entrySet()) {
      field(form, input.getKey()).clear();
      field(form, input.getKey()).sendKeys(input.getValue());
    }
    form.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(browser, UI_WAIT).until(d -> rowsOf("sweep-results").size() == 2);
    List<WebElement> runLinks = browser.findElements(By.cssSelector("#sweep-results a"));
    assertThat(runLinks).hasSize(1);
    assertThat(text(By.id("sweep-results"))).contains("submitted").contains("norm: ").contains("allowed:");
    screenshot("sweep-results");
    String id = runLinks.get(0).getAttribute("href").replaceAll(".*#/run/", "");
    JsonNode run = runs.get(id);
    assertThat(run.at("/spec/normBatchSize").asInt()).isEqualTo(4);
    assertThat(run.at("/spec/tags").toString()).contains("sweep:");
    api.postAction("/api/v1/experiments/" + id + "/cancel");
  }

  private static String submit(String name, String norm, int iterations, String priority, List<String> tags) {
    String spec = JsonSpec.of(Map.of("name", name, "dataset", "fashion-mnist", "backbone", "resnet10", "norm", norm,
        "baseWidth", 8, "batchSize", 32, "normBatchSize", 8, "iterations", iterations, "priority", priority,
        "tags", tags));
    return api.submit(spec).get("id").asString();
  }

  private static void awaitSucceeded(String id) throws InterruptedException {
    JsonNode run = runs.awaitFinished(id);
    assertThat(run.get("status").asString()).as("run %s: %s", id, run.path("failure")).isEqualTo("SUCCEEDED");
  }

  private static ChromeDriver startChromium() {
    String chromium = System.getProperty("normlab.chromium", "/usr/bin/chromium");
    String driver = System.getProperty("normlab.chromedriver", "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(driver))) {
      throw new IllegalStateException("The dashboard's browser tests need Debian's chromium and chromedriver ("
          + chromium + ", " + driver + "). Install them with: sudo apt-get update && sudo apt-get install -y"
          + " chromium chromium-driver (bin/test does this when it may).");
    }
    ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1000");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile()).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return chrome;
  }

  /** Opens a page as a user who has entered the stack's token (mutations need one). */
  private static void open(String route) {
    browser.get(stack.config().uiUrl() + "/" + route);
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "sessionStorage.setItem('normlab.api-token', arguments[0])", stack.adminToken());
  }

  private static WebElement waitFor(By by) {
    return new WebDriverWait(browser, UI_WAIT).until(d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  private static String text(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  private static int points() {
    Object count = ((JavascriptExecutor) browser).executeScript(
        "const c = document.querySelector('.charts'); return c ? Number(c.dataset.points || 0) : 0;");
    return ((Number) count).intValue();
  }

  private static List<WebElement> rowsOf(String tableId) {
    return browser.findElements(By.cssSelector("#" + tableId + " tbody tr"));
  }

  private static List<String> linkTexts(String scope) {
    return browser.findElements(By.cssSelector(scope + " tbody a")).stream().map(WebElement::getText).toList();
  }

  private static WebElement field(WebElement form, String name) {
    return form.findElement(By.name(name));
  }

  /** No alert fired, and the names added no element: the page's only script is its own module. */
  private static void assertNothingInjected() {
    assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    Object injected = ((JavascriptExecutor) browser).executeScript(
        "return document.querySelectorAll('#view script, #view img').length + document.querySelectorAll('script').length;");
    assertThat(((Number) injected).intValue()).as("scripts and images beyond the page's one module").isEqualTo(1);
  }

  private static void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Spec JSON from a map, so names with quotes and markup are encoded, not pasted. */
  static final class JsonSpec {
    static String of(Map<String, Object> fields) {
      return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(fields);
    }
  }
}

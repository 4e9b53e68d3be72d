package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.testkit.browser.HeadlessChromium;
import io.shadowflow.testkit.browser.HeadlessChromium.ColorScheme;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real headless Chromium, each view opened cold by its deep link, read by a caller
 * who may read team-a only. Each test leaves a screenshot of its view in {@code
 * target/screenshots}, or in the folder {@code -Dconsole.screenshots} names (docs/console.md's come
 * from {@code -Dconsole.screenshots=../docs/console}).
 */
class ConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int LONG_RUN_STEPS = 10_000;
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("console.screenshots", "target/screenshots"));

  @TempDir static Path folder;

  private static ConsoleData data;
  private static Database database;
  private static ConsoleServer server;

  @BeforeAll
  static void start() {
    ConsoleData data =
        new ConsoleData(folder)
            .withOrders()
            .withTeamB()
            .withDriftingShadowRun()
            .withLongRun(LONG_RUN_STEPS);
    database = Database.connectExisting(data.config);
    server =
        ConsoleServer.start(
            database.dataSource(),
            (request, resource) -> Set.of("team-a"),
            new ConsoleSettings(40, 2_000, 200, Duration.ofMillis(200)),
            "127.0.0.1",
            0);
    ConsoleBrowserTest.data = data;
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
  }

  @Test
  void theRunsListKeepsItsFilterInTheUrl() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(page("#/runs?workflow=orders&phase=SUCCEEDED"));
      browser.waitFor(By.cssSelector("table.runs tbody tr"), WAIT);
      List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.runs tbody tr"));
      assertThat(rows).hasSize(4);
      assertThat(rows).allSatisfy(row -> assertThat(row.getText()).contains("orders", "Succeeded"));
      assertThat(browser.driver().findElement(By.name("workflow")).getAttribute("value"))
          .isEqualTo("orders");

      // A filter set in the form lands in the URL, and the list follows it.
      WebElement runId = browser.driver().findElement(By.name("runId"));
      String first = rows.get(0).getAttribute("data-run-id");
      runId.sendKeys(first.substring(0, 14), Keys.ENTER);
      browser.waitUntil(d -> d.getCurrentUrl().contains("runId=" + first.substring(0, 14)), WAIT);
      browser.waitUntil(
          d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() == 1, WAIT);
      browser.screenshot(SCREENSHOTS.resolve("runs-list.png"));
    }
  }

  @Test
  void aRunOfTenThousandStepsRendersOnlyWhatIsInView() throws Exception {
    String runId = runIdOf("long");
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(page("#/runs/" + runId));
      WebElement count = browser.waitFor(By.id("step-count"), WAIT);
      assertThat(count.getText()).isEqualTo("10000 of 10000 steps");
      assertThat(browser.driver().findElements(By.cssSelector(".step-row"))).hasSizeLessThan(100);
      assertThat(interactiveMillis(browser)).isPositive();

      // Keyboard: End selects the last step, whatever was rendered before.
      browser.driver().findElement(By.cssSelector(".steps-viewport")).sendKeys(Keys.END);
      browser.waitUntil(
          d ->
              d.getCurrentUrl().contains("step=steps%2F0")
                  || d.getCurrentUrl().contains("step=steps/0"),
          WAIT);
      assertThat(
              browser.waitFor(By.cssSelector(".step-row.selected"), WAIT).getAttribute("data-path"))
          .isEqualTo("steps/0");

      WebElement search = browser.driver().findElement(By.id("step-search"));
      search.sendKeys("items/9998/");
      browser.waitUntil(d -> count.getText().equals("1 of 10000 steps"), WAIT);
      assertThat(browser.driver().findElements(By.cssSelector(".step-row")))
          .extracting(row -> row.getAttribute("data-path"))
          .containsExactly("steps/0/items/9998/steps/0");
      search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
      browser.waitUntil(d -> count.getText().equals("10000 of 10000 steps"), WAIT);
      browser.screenshot(SCREENSHOTS.resolve("run-10000-steps.png"));
    }
  }

  @Test
  void aRetriedStepShowsEachAttemptWithItsCodeAndTheDeepLinkedOneMarked() throws Exception {
    String runId = retriedRun();
    JsonNode retried = firstRetriedStep(runId);
    String path = retried.path("path").asText();
    int attempts = retried.path("attempts").asInt();
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(page("#/runs/" + runId + "?step=" + path + "&attempt=1"));
      browser.waitFor(By.cssSelector("#step-panel .attempts-list"), WAIT);
      List<WebElement> listed =
          browser.driver().findElements(By.cssSelector("#step-panel .attempt"));
      assertThat(listed).hasSize(attempts);
      assertThat(browser.driver().findElements(By.cssSelector("#step-panel .attempt.failed")))
          .hasSize(attempts - 1)
          .allSatisfy(a -> assertThat(a.getText()).contains("Failed", "TRANSIENT", "injected"));
      assertThat(listed.get(attempts - 1).getText()).contains("Committed");
      assertThat(
              browser
                  .driver()
                  .findElement(By.cssSelector("#step-panel .attempt.selected"))
                  .getAttribute("data-attempt"))
          .isEqualTo("1");
      assertThat(browser.driver().findElement(By.id("step-hash")).getText()).hasSize(64);
      assertThat(
              browser
                  .driver()
                  .findElement(By.cssSelector(".step-row.selected"))
                  .getAttribute("data-path"))
          .isEqualTo(path);
      // The server cuts payloads at 40 characters in this test; "load all" brings the rest.
      browser.driver().findElement(By.cssSelector("#step-panel .load-all")).click();
      browser.waitUntil(d -> d.findElements(By.cssSelector("#step-panel .cut")).isEmpty(), WAIT);
      browser.screenshot(SCREENSHOTS.resolve("step-attempts.png"));
    }
  }

  @Test
  void aShadowRunsMismatchLeadsToItsFirstDivergingStepSideBySide() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(page("#/shadowruns/drift-1"));
      browser.waitFor(By.cssSelector(".grid .cell-first"), WAIT);
      assertThat(browser.driver().findElements(By.cssSelector(".grid [role=row][data-seed]")))
          .hasSize(3);
      assertThat(browser.driver().findElements(By.cssSelector("#mismatches .diverging-step")))
          .isNotEmpty()
          .allSatisfy(step -> assertThat(step.getText()).isEqualTo("steps/2"));
      browser.screenshot(SCREENSHOTS.resolve("shadow-run.png"));

      browser.driver().findElement(By.cssSelector(".divergence-link")).click();
      assertThat(browser.waitFor(By.id("diverging-path"), WAIT).getText()).isEqualTo("steps/2");
      assertThat(browser.driver().findElement(By.id("equal-prefix")).getText())
          .isEqualTo("2 steps, hashes equal");
      assertThat(browser.driver().findElements(By.cssSelector(".side-by-side .diff-change")))
          .isNotEmpty();
      assertThat(browser.driver().findElement(By.id("expected-workflow-hash")).getText())
          .isNotEqualTo(browser.driver().findElement(By.id("actual-workflow-hash")).getText());
      WebElement downstream = browser.driver().findElement(By.id("downstream"));
      assertThat(downstream.isDisplayed()).isFalse();
      browser.driver().findElement(By.id("show-downstream")).click();
      browser.waitUntil(d -> downstream.isDisplayed(), WAIT);
      assertThat(downstream.getText()).contains("steps/3");
      browser.screenshot(SCREENSHOTS.resolve("divergence.png"));
    }
  }

  @Test
  void aDeepLinkToADivergenceOpensColdInTheDarkScheme() throws Exception {
    JsonNode mismatch =
        ApiClient.json(server, "/api/v1/shadowruns/drift-1").path("mismatches").get(0);
    String link =
        "#/shadowruns/drift-1/divergence/"
            + mismatch.path("cycle").asInt()
            + "/"
            + mismatch.path("seed").asLong();
    try (HeadlessChromium browser = HeadlessChromium.start(ColorScheme.DARK)) {
      browser.open(page(link));
      assertThat(browser.waitFor(By.id("diverging-path"), WAIT).getText()).isEqualTo("steps/2");
      assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
          .isEqualTo("rgb(15, 20, 25)");
      browser.screenshot(SCREENSHOTS.resolve("divergence-dark.png"));
    }
  }

  @Test
  void aNamespaceTheCallerMayNotReadStaysInvisible() throws Exception {
    String teamBRun = ApiClient.runIdIn(database, "team-b");
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(page("#/runs?namespace=team-b"));
      browser.waitFor(By.id("no-runs"), WAIT);
      assertThat(browser.driver().findElements(By.cssSelector("select[name=namespace] option")))
          .extracting(WebElement::getText)
          .containsExactly("All I can read", "team-a");
      browser.open(page("#/runs/" + teamBRun));
      assertThat(browser.waitFor(By.cssSelector(".error"), WAIT).getText())
          .contains("run " + teamBRun + " not found");
    }
  }

  @Test
  void aRunningRunRefreshesLiveUntilItEnds() throws Exception {
    try (LocalHttpServer endpoint = LocalHttpServer.start();
        HeadlessChromium browser = HeadlessChromium.start()) {
      endpoint.hold();
      Thread run = data.startCallingRun(endpoint.url("/notify"));
      String runId = awaitRunningRun("calling");
      browser.open(page("#/runs/" + runId));
      browser.waitFor(By.id("live-toggle"), WAIT);
      browser.waitUntil(
          d -> d.findElement(By.id("run-header")).getText().contains("Running"), WAIT);
      browser.script("window.notReloaded = true");
      browser.screenshot(SCREENSHOTS.resolve("run-live.png"));

      endpoint.release();
      run.join(WAIT.toMillis());
      browser.waitUntil(
          d -> d.findElement(By.id("run-header")).getText().contains("Succeeded"), WAIT);
      assertThat(browser.script("return window.notReloaded")).isEqualTo(true);
      assertThat(browser.driver().findElement(By.id("step-count")).getText())
          .isEqualTo("3 of 3 steps");
    }
  }

  private static String awaitRunningRun(String workflow) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonNode runs = ApiClient.json(server, "/api/v1/runs?workflow=" + workflow).path("runs");
      if (!runs.isEmpty()) {
        JsonNode steps =
            ApiClient.json(server, "/api/v1/runs/" + runs.get(0).path("runId").asText())
                .path("steps");
        // The first step is committed: the run is at its held call.
        if (!steps.isEmpty()) {
          return runs.get(0).path("runId").asText();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no run of " + workflow + " reached its held call");
  }

  private static long interactiveMillis(HeadlessChromium browser) {
    return Long.parseLong(
        (String) browser.script("return document.documentElement.dataset.runInteractiveMs"));
  }

  private static String runIdOf(String workflow) throws Exception {
    return ApiClient.json(server, "/api/v1/runs?workflow=" + workflow)
        .path("runs")
        .get(0)
        .path("runId")
        .asText();
  }

  private static String retriedRun() throws Exception {
    for (JsonNode run : ApiClient.json(server, "/api/v1/runs?workflow=orders").path("runs")) {
      String runId = run.path("runId").asText();
      if (!firstRetriedStep(runId).isMissingNode()) {
        return runId;
      }
    }
    throw new AssertionError("no run of orders was retried");
  }

  private static JsonNode firstRetriedStep(String runId) throws Exception {
    for (JsonNode step : ApiClient.json(server, "/api/v1/runs/" + runId).path("steps")) {
      if (step.path("attempts").asInt() > 1) {
        return step;
      }
    }
    return MissingNode.getInstance();
  }

  private static URI page(String fragment) {
    return server.uri().resolve("/" + fragment);
  }
}

package io.shadowflow.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.shadowflow.testkit.browser.HeadlessChromium.ColorScheme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A real headless Chromium loads a page from a local server, runs its script and is read back. */
class HeadlessChromiumTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int LIGHT_BACKGROUND = 0xffffff;
  private static final int DARK_BACKGROUND = 0x101820;

  // The greeting is added late, after the load event, so that finding it needs a real wait.
  private static final String PAGE =
      """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>loading</title>
      <style>
        body { margin: 0; background: #ffffff; color: #000000; font: 16px sans-serif; }
        @media (prefers-color-scheme: dark) { body { background: #101820; color: #e0e0e0; } }
      </style></head>
      <body><script>
        setTimeout(() => {
          const dark = matchMedia('(prefers-color-scheme: dark)').matches;
          const p = document.createElement('p');
          p.id = 'greeting';
          p.textContent = 'hello from the script, ' + (dark ? 'dark' : 'light');
          document.body.append(p);
          document.title = 'ready';
        }, 200);
      </script></body></html>
      """;

  private static HttpServer server;
  private static URI page;

  @BeforeAll
  static void servePage() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          // Only the page itself: the browser's favicon request gets a 404.
          boolean isPage = exchange.getRequestURI().getPath().equals("/");
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(isPage ? 200 : 404, isPage ? body.length : -1);
          if (isPage) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @ParameterizedTest
  @EnumSource(ColorScheme.class)
  void pageSeesTheAskedColorSchemeAndTheScreenshotShowsIt(ColorScheme scheme) throws IOException {
    boolean dark = scheme == ColorScheme.DARK;
    Path png = Path.of("target", "browser", "headless-chromium-" + scheme.css() + ".png");
    Files.deleteIfExists(png);

    try (HeadlessChromium chromium = HeadlessChromium.start(scheme)) {
      chromium.open(page);
      WebElement greeting = chromium.waitFor(By.id("greeting"), WAIT);

      assertThat(greeting.getText()).isEqualTo("hello from the script, " + scheme.css());
      assertThat(chromium.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
          .isEqualTo(dark);
      assertThat(chromium.script("return [innerWidth, innerHeight]"))
          .isEqualTo(List.of((long) HeadlessChromium.WIDTH, (long) HeadlessChromium.HEIGHT));
      chromium.screenshot(png);
    }

    assertThat(png).isNotEmptyFile();
    try (InputStream in = Files.newInputStream(png)) {
      assertThat(in.readNBytes(8))
          .as("PNG signature")
          .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(HeadlessChromium.WIDTH);
    assertThat(image.getHeight()).isEqualTo(HeadlessChromium.HEIGHT);
    // The bottom-right corner is far from the text: it shows the scheme's background.
    int corner = image.getRGB(image.getWidth() - 1, image.getHeight() - 1) & 0xffffff;
    assertThat(Integer.toHexString(corner))
        .isEqualTo(Integer.toHexString(dark ? DARK_BACKGROUND : LIGHT_BACKGROUND));
  }

  @Test
  void waitsForConditionsPassesScriptArgumentsAndTimesOut() {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      chromium.open(page);

      assertThat(chromium.waitUntil(ExpectedConditions.titleIs("ready"), WAIT)).isTrue();
      assertThat(chromium.script("return arguments[0] * arguments[1]", 6, 7)).isEqualTo(42L);
      WebElement greeting = chromium.driver().findElement(By.id("greeting"));
      assertThat(chromium.script("return arguments[0].id", greeting)).isEqualTo("greeting");

      long start = System.nanoTime();
      assertThatThrownBy(() -> chromium.waitFor(By.id("never"), Duration.ofMillis(300)))
          .isInstanceOf(TimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void namesTheInstallScriptWhenABinaryIsMissing(@TempDir Path emptyFolder) {
    assertThatThrownBy(() -> HeadlessChromium.onPath("chromium", emptyFolder.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chromium is not on PATH")
        .hasMessageContaining("scripts/lib/tools.sh ensure_chromium");
  }
}

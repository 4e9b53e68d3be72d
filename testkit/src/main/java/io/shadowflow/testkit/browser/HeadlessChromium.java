package io.shadowflow.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests: Debian's chromium driven through its own chromedriver
 * (both from PATH, installed by {@code scripts/lib/tools.sh ensure_chromium}), one fresh profile
 * per instance, closed with {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** What the pages see as {@code prefers-color-scheme}. */
  public enum ColorScheme {
    LIGHT,
    DARK;

    String css() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The page's width in CSS pixels, fixed so that screenshots compare across machines. */
  public static final int WIDTH = 1280;

  /** The page's height in CSS pixels. */
  public static final int HEIGHT = 900;

  private static final String INSTALL_HINT =
      "install Debian's chromium and chromium-driver with scripts/lib/tools.sh ensure_chromium"
          + " (scripts/test.sh runs it)";

  // At every start ChromeDriver looks for a Selenium DevTools module matching the browser's
  // version and warns when there is none. We bring none: the two CDP commands below go through
  // chromedriver, which speaks every version. The field keeps the logger, and so its level, alive.
  private static final Logger CDP_VERSION_FINDER =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a browser whose pages see the light colour scheme. */
  public static HeadlessChromium start() {
    return start(ColorScheme.LIGHT);
  }

  /** Starts a browser whose pages see {@code scheme}. */
  public static HeadlessChromium start(ColorScheme scheme) {
    String path = System.getenv().getOrDefault("PATH", "");
    Path chromedriver = onPath("chromedriver", path);
    Path chromium = onPath("chromium", path);

    // Both paths are given, so Selenium Manager (which would download a Chrome for Testing build
    // and a matching driver) is never run: Selenium looks at the service's executable, then this
    // property, and only then at the manager. Debian builds chromium and chromedriver from one
    // source, so their versions always match.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        // Chromium refuses to start as root with its sandbox on, and CI runs as root.
        "--no-sandbox",
        // Containers often give /dev/shm 64 MB, too little for Chromium: use /tmp.
        "--disable-dev-shm-usage",
        // The window; the page's viewport is set below (the new headless mode keeps room for a
        // browser's toolbars: a 1280x900 window shows a 1280x757 page).
        "--window-size=" + WIDTH + "," + HEIGHT,
        // Else a page taller than the window gets a scrollbar drawn over its screenshots.
        "--hide-scrollbars");

    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      // Both through the DevTools protocol, as Puppeteer and Playwright do it. They hold for this
      // tab, across navigations.
      // The page is exactly WIDTH x HEIGHT CSS pixels, one image pixel each in screenshots,
      // whatever the machine's display says.
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
      // The page's matchMedia and CSS @media both follow this.
      driver.executeCdpCommand(
          "Emulation.setEmulatedMedia",
          Map.of(
              "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme.css()))));
    } catch (RuntimeException e) {
      driver.quit();
      throw e;
    }
    return new HeadlessChromium(driver);
  }

  /** Loads {@code uri} and returns once its load event has fired. */
  public void open(URI uri) {
    driver.get(uri.toString());
  }

  /** The WebDriver, for anything this class does not wrap. */
  public WebDriver driver() {
    return driver;
  }

  /** The element {@code locator} finds, once it is displayed; a TimeoutException after that. */
  public WebElement waitFor(By locator, Duration timeout) {
    return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator), timeout);
  }

  /**
   * The first value of {@code condition} that is neither null nor false, polled until {@code
   * timeout}; a TimeoutException after that. A live page replaces its elements as it refreshes: an
   * element gone stale between finding and reading it is polled again, not an error.
   */
  public <T> T waitUntil(Function<? super WebDriver, T> condition, Duration timeout) {
    return new WebDriverWait(driver, timeout)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** Writes what the window shows as a PNG to {@code file}, creating its folder. */
  public Path screenshot(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /**
   * Runs {@code js} as a function body in the page ({@code arguments[i]} are {@code args}) and
   * returns what it returns: numbers come back as Long or Double, elements as WebElement.
   */
  public Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Ends the browser and its driver and deletes the profile. */
  @Override
  public void close() {
    driver.quit();
  }

  /** The executable {@code name} in the first folder of {@code path} that has one. */
  static Path onPath(String name, String path) {
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(name + " is not on PATH: " + INSTALL_HINT);
  }
}

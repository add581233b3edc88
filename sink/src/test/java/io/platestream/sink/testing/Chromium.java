package io.platestream.sink.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium: Debian's chromium and chromedriver. */
public final class Chromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Skips the test where Chromium is missing, and fails it on CI, which installs it. */
  public static void require() {
    boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "Chromium is missing: apt-get install chromium chromium-driver (.ci/run installs them)");
    }
    assumeTrue(present, "Chromium is not installed: apt-get install chromium chromium-driver");
  }

  /** A headless browser that keeps its console's messages for the test to read. */
  public static WebDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    // --no-sandbox: the test may run as root, where Chromium's sandbox cannot start.
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  /** Opens the dashboard, signs in, and waits until the live feed is on. */
  public static WebDriverWait signIn(WebDriver browser, String url, String user, String password) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(url + "/");
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
    return wait;
  }

  /** Saves what the browser shows under target/screenshots, for a person to look at. */
  public static void screenshot(WebDriver browser, String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name), png);
  }
}

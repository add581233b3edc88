package io.platestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.testing.Chromium;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.sink.web.Access;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), against a running sink on the real broker: sign in, see an event produced to
 * Kafka appear live, search for it, open its detail; put a plate on a watchlist through the editor,
 * see its alert live and again after a reload, acknowledge it; the layout at phone width; no errors
 * in the browser's console. Screenshots are kept in {@code target/screenshots/}. Skipped without
 * Chromium, except under {@code CI=true}.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class DashboardBrowserTest {

  @Test
  void anEventProducedToKafkaAppearsOnTheDashboardAndCanBeFound(
      EmbeddedPlatform platform, @TempDir Path state) throws Exception {
    Chromium.require();
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    Access access =
        new Access("operator", "correct horse", List.of(), Duration.ofHours(1), Clock.systemUTC());
    // The pipeline's status page as the demo serves it; the test makes the detector fall behind.
    AtomicReference<Map<String, Object>> pipeline =
        new AtomicReference<>(Map.of("detect", stage(400, 0)));

    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink =
            SinkService.start(
                platform.bootstrapServers(),
                schemas,
                SinkService.Settings.of(access, state)
                    .withHttp("127.0.0.1", 0)
                    .withRecentEvents(1000)
                    .withTopics(topics),
                OperatorEndpoint.newRegistry(),
                () -> List.of(Map.of("cameraId", "gate", "state", "STREAMING", "fpsOut", 5.0)),
                Map.of("/api/status", pipeline::get))) {
      WebDriver browser = Chromium.start();
      try {
        WebDriverWait wait = signIn(browser, sink.url());

        PlateEvent event =
            PlateEvent.newBuilder(
                    SinkServiceTest.event("gate/1", "京A12345", System.currentTimeMillis()))
                .setBestCrop(ByteBuffer.wrap(jpeg(160, 48)))
                .setBestSnapshot(ByteBuffer.wrap(jpeg(320, 180)))
                .build();
        // The car is still in view: its early event shows first, marked, ...
        SinkTopics.produce(
            platform,
            schemas,
            topics.events(),
            PlateEvent.newBuilder(event).setProvisional(true).setReadCount(2).build());
        WebElement early =
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#live .event.provisional[data-event-id='gate/1']")));
        assertThat(early.findElement(By.className("early")).getText()).isEqualTo("in view");
        // ... and the final event of the pass replaces it in place.
        SinkTopics.produce(platform, schemas, topics.events(), event);
        wait.until(
            ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#live .event.provisional[data-event-id='gate/1']")));
        assertThat(browser.findElements(By.cssSelector("#live .event[data-event-id='gate/1']")))
            .hasSize(1);
        WebElement live =
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#live .event[data-event-id='gate/1']")));
        assertThat(live.findElement(By.className("plate")).getText()).isEqualTo("京A12345");
        assertThat(live.getText()).contains("gate");
        WebElement crop = live.findElement(By.tagName("img"));
        wait.until(
            b ->
                ((Number)
                            ((JavascriptExecutor) b)
                                .executeScript(
                                    "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                    crop))
                        .intValue()
                    == 160);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#cameras tr[data-camera='gate']"), "STREAMING"));
        Chromium.screenshot(browser, "dashboard-live.png");
        assertThat(browser.findElement(By.id("lag")).isDisplayed()).isFalse();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("stage-lag"), "behind capture: detect 0.4 s"));
        pipeline.set(Map.of("detect", stage(12_300, 41)));
        WebElement late = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lag")));
        assertThat(late.getText())
            .isEqualTo(
                "The detect stage is 12.3 s behind the cameras (4.5/s, 17 waiting, 41 shed as older"
                    + " than 2 s).");
        Chromium.screenshot(browser, "dashboard-late.png");

        browser.findElement(By.id("search-plate")).sendKeys("京A12346");
        new Select(browser.findElement(By.id("search-match"))).selectByVisibleText("fuzzy");
        browser.findElement(By.id("search-go")).click();
        WebElement row =
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#results tr[data-event-id='gate/1']")));
        assertThat(browser.findElement(By.id("page-info")).getText()).startsWith("1 found");
        row.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        assertThat(browser.findElement(By.id("detail-plate")).getText()).isEqualTo("京A12345");
        assertThat(browser.findElement(By.cssSelector("#detail-candidates tbody tr td")).getText())
            .as("the headline is the first reading")
            .isEqualTo("京A12345");
        WebElement snapshot = browser.findElement(By.id("detail-snapshot"));
        wait.until(
            b ->
                ((Number)
                            ((JavascriptExecutor) b)
                                .executeScript(
                                    "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                    snapshot))
                        .intValue()
                    == 320);
        assertThat(snapshot.isDisplayed()).as("the vehicle is shown").isTrue();
        Chromium.screenshot(browser, "dashboard-detail.png");
        browser.findElement(By.cssSelector("#detail form button")).click();

        // A watchlist entry through the editor; a bad pattern is refused with the API's reason.
        browser.findElement(By.id("wl-name")).sendKeys("stolen");
        new Select(browser.findElement(By.id("wl-match"))).selectByVisibleText("pattern");
        browser.findElement(By.id("wl-value")).sendKeys("京(A");
        browser.findElement(By.id("wl-add")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("watchlist-error"), "is not a regular expression"));
        new Select(browser.findElement(By.id("wl-match"))).selectByVisibleText("exact");
        browser.findElement(By.id("wl-value")).clear();
        browser.findElement(By.id("wl-value")).sendKeys("沪B67890");
        browser.findElement(By.id("wl-label")).sendKeys("stolen car");
        new Select(browser.findElement(By.id("wl-severity"))).selectByVisibleText("critical");
        browser.findElement(By.id("wl-add")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#watchlists tr[data-watchlist='stolen']"), "沪B67890"));

        // The hotlist picks the list up through its global store: send until it alerts.
        for (int i = 2;
            i < 60 && browser.findElements(By.cssSelector("#alerts .alert")).isEmpty();
            i++) {
          SinkTopics.produce(
              platform,
              schemas,
              topics.events(),
              SinkServiceTest.event("gate/" + i, "沪B67890", System.currentTimeMillis()));
          Thread.sleep(500);
        }
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#alerts .alert.CRITICAL")));
        browser.navigate().refresh();
        WebElement alert =
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#alerts .alert.CRITICAL")));
        assertThat(alert.getText())
            .as("alerts are loaded with the page")
            .contains("沪B67890", "stolen car");
        alert.findElement(By.className("acknowledge")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#alerts .alert.acknowledged"), "acknowledged by operator"));
        Chromium.screenshot(browser, "dashboard-alerts.png");

        // Phone width: one column, nothing wider than the screen.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
        wait.until(
            b ->
                (Boolean)
                    ((JavascriptExecutor) b)
                        .executeScript(
                            "return getComputedStyle(document.querySelector('main'))"
                                + ".gridTemplateColumns.split(' ').length === 1"));
        long overflow =
            (Long)
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return document.documentElement.scrollWidth"
                            + " - document.documentElement.clientWidth");
        assertThat(overflow).as("horizontal overflow at 420 px").isLessThanOrEqualTo(0);
        Chromium.screenshot(browser, "dashboard-narrow.png");

        assertThat(
                browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(entry -> entry.getMessage())
                    // the bad pattern above, refused on purpose
                    .filter(
                        message ->
                            !message.contains(
                                "/api/watchlists - Failed to load resource: the server responded with a status of 400"))
                    .toList())
            .as("errors in the browser's console")
            .isEmpty();
      } finally {
        browser.quit();
      }
    }
  }

  private static Map<String, Object> stage(long lagMs, long shed) {
    return Map.of(
        "state",
        "RUNNING",
        "lagMs",
        lagMs,
        "perSecond",
        4.5,
        "shedStale",
        shed,
        "maxAgeMs",
        2000,
        "consumerLag",
        17);
  }

  /** Opens the dashboard and signs in as the operator. */
  static WebDriverWait signIn(WebDriver browser, String url) {
    return Chromium.signIn(browser, url, "operator", "correct horse");
  }

  static byte[] jpeg(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x1f4fb5));
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}

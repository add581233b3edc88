package io.platestream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.testing.Chromium;
import io.platestream.sink.testing.SinkTopics;
import io.platestream.testing.EmbeddedPlatformExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator reviews from the keyboard in a real headless Chromium, as a person would: confirm
 * (y), correct (c, type, Enter), not a plate (n), unreadable (u), skip (s). Each verdict lands on
 * the labels topic with the signed-in reviewer, and the skipped event stays unlabelled. An event
 * the queue leaves out, a confident misread, is reviewed from its detail.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class ReviewBrowserTest {

  @Test
  void anOperatorReviewsFiveEventsFromTheKeyboard(EmbeddedPlatform platform, @TempDir Path state)
      throws Exception {
    Chromium.require();
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink = SinkTopics.startSink(platform, schemas, topics, state)) {
      long now = System.currentTimeMillis();
      byte[] crop = DashboardBrowserTest.jpeg(160, 48);
      // Unsure readings, the newest first in the queue: gate/5 .. gate/1.
      for (int i = 1; i <= 5; i++) {
        SinkTopics.produce(
            platform,
            schemas,
            topics.events(),
            PlateEvent.newBuilder(SinkServiceTest.event("gate/" + i, "京A1234" + i, now + i * 1000L))
                .setConfidence(0.55f)
                .setBestCrop(ByteBuffer.wrap(crop))
                .setBestSnapshot(ByteBuffer.wrap(DashboardBrowserTest.jpeg(320, 180)))
                .build());
      }
      WebDriver browser = Chromium.start();
      try {
        WebDriverWait wait = DashboardBrowserTest.signIn(browser, sink.url());
        // The events may reach the sink after the page loaded: reload until the queue has them.
        wait.until(
            b -> {
              if (!"gate/5".equals(reviewing(b))) {
                b.navigate().refresh();
                return false;
              }
              return true;
            });
        Chromium.screenshot(browser, "dashboard-review.png");

        Actions keys = new Actions(browser);
        // gate/5: the box is fixed first (b, then the plate's corners on the 320x180 snapshot,
        // shown at its own size; offsets count from the image's centre), then the reading is right.
        keys.sendKeys("b").perform();
        WebElement snapshot = browser.findElement(By.id("review-snapshot"));
        new Actions(browser).moveToElement(snapshot, 40 - 160, 50 - 90).click().perform();
        new Actions(browser).moveToElement(snapshot, 200 - 160, 120 - 90).click().perform();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("review-box"), "(sent with the verdict)"));
        keys.sendKeys("y").perform();
        wait.until(b -> "gate/4".equals(reviewing(b)));
        keys.sendKeys("c").perform(); // gate/4: corrected
        wait.until(ExpectedConditions.attributeToBe(By.id("review-text"), "value", "京A12344"));
        browser.findElement(By.id("review-text")).sendKeys(Keys.BACK_SPACE, "9", Keys.ENTER);
        wait.until(b -> "gate/3".equals(reviewing(b)));
        keys.sendKeys("n").perform(); // gate/3: not a plate
        wait.until(b -> "gate/2".equals(reviewing(b)));
        keys.sendKeys("u").perform(); // gate/2: unreadable
        wait.until(b -> "gate/1".equals(reviewing(b)));
        keys.sendKeys("s").perform(); // gate/1: skipped
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-empty")));
        assertThat(browser.findElement(By.id("review-count")).getText()).isEqualTo("4 reviewed");

        Map<String, PlateLabel> labels = SinkTopics.labels(platform, schemas, topics);
        assertThat(labels).containsOnlyKeys("gate/5", "gate/4", "gate/3", "gate/2");
        assertThat(labels.get("gate/5").getVerdict()).isEqualTo(LabelVerdict.CONFIRMED);
        assertThat(labels.get("gate/5").getText()).isEqualTo("京A12345");
        var box = labels.get("gate/5").getBox();
        assertThat(box).as("the box drawn on gate/5").isNotNull();
        assertThat(box.getTopLeft().getX()).isCloseTo(40f, within(2f));
        assertThat(box.getTopLeft().getY()).isCloseTo(50f, within(2f));
        assertThat(box.getBottomRight().getX()).isCloseTo(200f, within(2f));
        assertThat(box.getBottomRight().getY()).isCloseTo(120f, within(2f));
        assertThat(labels.get("gate/4").getBox())
            .as("no box drawn: the detector's stands")
            .isNull();
        assertThat(labels.get("gate/4").getVerdict()).isEqualTo(LabelVerdict.CORRECTED);
        assertThat(labels.get("gate/4").getText()).isEqualTo("京A12349");
        assertThat(labels.get("gate/3").getVerdict()).isEqualTo(LabelVerdict.NOT_A_PLATE);
        assertThat(labels.get("gate/2").getVerdict()).isEqualTo(LabelVerdict.UNREADABLE);
        assertThat(labels.values()).allMatch(l -> l.getReviewer().equals("operator"));
        assertThat(
                browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(
                        entry ->
                            entry.getLevel().intValue()
                                >= java.util.logging.Level.SEVERE.intValue())
                    .map(entry -> entry.getMessage())
                    .toList())
            .as("errors in the browser's console")
            .isEmpty();
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void aConfidentMisreadIsReviewedFromItsDetail(EmbeddedPlatform platform, @TempDir Path state)
      throws Exception {
    Chromium.require();
    HotlistTopology.TopicNames topics = SinkTopics.create(platform);
    try (SchemaRegistryClient schemas = platform.newRegistryClient();
        SinkService sink = SinkTopics.startSink(platform, schemas, topics, state)) {
      // Sure of itself, so never queued: only an operator who knows the plate can catch it.
      SinkTopics.produce(
          platform,
          schemas,
          topics.events(),
          PlateEvent.newBuilder(
                  SinkServiceTest.event("gate/7", "甘HX14AH", System.currentTimeMillis()))
              .setConfidence(0.97f)
              .setBestCrop(ByteBuffer.wrap(DashboardBrowserTest.jpeg(160, 48)))
              .build());
      WebDriver browser = Chromium.start();
      try {
        WebDriverWait wait = DashboardBrowserTest.signIn(browser, sink.url());
        wait.until(
            b -> {
              b.findElement(By.id("search-go")).click();
              return !b.findElements(By.cssSelector("#results tr[data-event-id='gate/7']"))
                  .isEmpty();
            });
        assertThat(browser.findElement(By.id("review-empty")).isDisplayed())
            .as("a sure reading is not queued")
            .isTrue();
        browser.findElement(By.cssSelector("#results tr[data-event-id='gate/7']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("detail-review"))).click();
        wait.until(b -> "gate/7".equals(reviewing(b)));
        new Actions(browser).sendKeys("c").perform();
        WebElement text = browser.findElement(By.id("review-text"));
        wait.until(ExpectedConditions.attributeToBe(text, "value", "甘HX14AH"));
        text.sendKeys(Keys.BACK_SPACE.toString().repeat(4), "74AH", Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-empty")));

        Map<String, PlateLabel> labels = SinkTopics.labels(platform, schemas, topics);
        assertThat(labels).containsOnlyKeys("gate/7");
        assertThat(labels.get("gate/7").getVerdict()).isEqualTo(LabelVerdict.CORRECTED);
        assertThat(labels.get("gate/7").getText()).isEqualTo("甘HX74AH");
      } finally {
        browser.quit();
      }
    }
  }

  /** The event the review panel shows, or null. */
  private static String reviewing(WebDriver browser) {
    var item = browser.findElement(By.id("review-item"));
    return item.isDisplayed() ? item.getAttribute("data-event-id") : null;
  }
}

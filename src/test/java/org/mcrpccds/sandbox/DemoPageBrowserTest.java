package org.mcrpccds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real headless browser: Debian's chromium driven through chromedriver. Loads /,
 * picks a sample patient and a hook, runs it and checks the card as rendered. CI (.ci/run) installs
 * the browser with .ci/install-browser.sh and sets {@value #REQUIRED}, so that a missing browser
 * fails there; elsewhere (a plain {@code mvn test} on a laptop without chromium) the test reports
 * itself skipped with the reason, and never installs anything.
 */
class DemoPageBrowserTest extends ServiceTestBase {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The system property that makes a missing browser a failure instead of skipped tests. */
  static final String REQUIRED = "demo.browser.required";
  private static final String MISSING = CHROMIUM + " and " + CHROMEDRIVER
      + " (Debian's chromium and chromium-driver) are not installed; .ci/install-browser.sh installs them";

  private static ChromeDriverService driverService;
  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (Boolean.getBoolean(REQUIRED)) {
      assertThat(installed).as(MISSING + " (-D" + REQUIRED + "=true: the demo page test must run)").isTrue();
    }
    if (!installed) {
      return; // each test reports itself skipped, with the reason (openThePage)
    }
    profile = Files.createTempDirectory("demo-page-chromium");
    driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogOutput(OutputStream.nullOutputStream())
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // the background-networking flags keep chromium from calling out of this closed network
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1500");
    browser = new ChromeDriver(driverService, options);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT);
  }

  @BeforeEach
  void openThePage() {
    Assumptions.assumeTrue(browser != null, () -> "no browser for the demo page test: " + MISSING);
    browser.get(url("/"));
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("run")));
  }

  /** Chooses with the keyboard-accessible select elements and starts the hook with the Enter key. */
  private void run(String patientId, String scenarioId, String dataMode) {
    new Select(browser.findElement(By.id("patient"))).selectByValue(patientId);
    new Select(browser.findElement(By.id("scenario"))).selectByValue(scenarioId);
    browser.findElement(By.cssSelector("input[name=data][value=" + dataMode + "]")).click();
    browser.findElement(By.id("run")).sendKeys(Keys.ENTER);
    waiting().until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("card|failed")));
  }

  @Test
  void patientViewRendersTheR1CardWithMarkdownSourceAndWhyThisCard() {
    run("pat-mcrpc-001", "patient-view", "prefetch");

    assertThat(browser.findElement(By.id("status")).getText()).contains("1 card", "R1");
    WebElement card = browser.findElement(By.cssSelector("#cards .cds-card"));
    assertThat(card.getAttribute("class")).contains("cds-card--info");
    assertThat(card.findElement(By.cssSelector(".indicator")).getText()).isEqualToIgnoringCase("Info");
    assertThat(card.findElement(By.cssSelector(".cds-card__summary")).getText()).contains("Lu-PSMA-617");
    assertThat(card.findElements(By.cssSelector(".cds-card__detail strong"))).isNotEmpty();
    assertThat(card.findElements(By.cssSelector(".cds-card__detail li"))).isNotEmpty();
    WebElement source = card.findElement(By.cssSelector(".cds-card__source a"));
    assertThat(source.getAttribute("href")).startsWith("https://");
    assertThat(source.getAttribute("rel")).contains("noopener");
    assertThat(browser.findElement(By.id("request")).getAttribute("textContent")).contains("\"prefetch\"", "pat-mcrpc-001");

    WebElement why = waiting().until(ExpectedConditions.presenceOfNestedElementLocatedBy(card, By.cssSelector("details.why")));
    why.findElement(By.tagName("summary")).click();
    assertThat(why.findElement(By.cssSelector("table.facts")).getText()).contains("Has Prior Taxane", "PSMA Positive Recent");
    assertThat(browser.findElement(By.id("silent")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("silent-rules")).getText()).contains("R2", "R6");
  }

  @Test
  void anOrderScenarioShowsASuggestionThatPreviewsTheDeleteAndTheResourceItWouldCreate() throws IOException {
    run("pat-mcrpc-003", "order-fluciclovine-pet", "fhirServer");

    WebElement card = browser.findElement(By.cssSelector("#cards .cds-card[data-rule=R3]"));
    assertThat(card.getAttribute("class")).contains("cds-card--warning");
    assertThat(card.findElement(By.cssSelector(".cds-card__summary")).getText()).contains("Fluciclovine PET");
    assertThat(browser.findElement(By.id("request")).getAttribute("textContent")).contains("\"fhirServer\"", "A9588");

    WebElement suggestion = card.findElement(By.cssSelector("button.suggestion"));
    assertThat(suggestion.getText()).contains("PSMA PET");
    assertThat(suggestion.getAttribute("aria-expanded")).isEqualTo("false");
    suggestion.sendKeys(Keys.ENTER);
    assertThat(suggestion.getAttribute("aria-expanded")).isEqualTo("true");
    WebElement preview = browser.findElement(By.id(suggestion.getAttribute("aria-controls")));
    assertThat(preview.isDisplayed()).isTrue();
    assertThat(preview.getText()).contains("Delete ServiceRequest/demo-fluciclovine-pet", "Create ServiceRequest", "psma-pet");
    assertThat(card.findElements(By.cssSelector(".override select option"))).isNotEmpty();

    byte[] screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target/demo-page.png"), screenshot);
    String copy = System.getProperty("demo.screenshot");
    if (copy != null) {
      Files.write(Path.of(copy), screenshot);
    }
  }

  @Test
  void aPatientWithoutCardsSaysSoAndExplainsTheSilence() {
    run("pat-hx-001", "patient-view", "prefetch");
    assertThat(browser.findElement(By.id("status")).getText()).contains("No card");
    assertThat(browser.findElements(By.cssSelector("#cards .cds-card"))).isEmpty();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("silent")));
    assertThat(browser.findElement(By.id("silent-rules")).getText()).contains("R1", "R2", "R10");
  }

  @Test
  void theMarkdownRendererEscapesMarkupBeforeFormatting() {
    Object html = ((JavascriptExecutor) browser).executeScript("return window.McrpcMarkdown.render(arguments[0]);",
        "**Bold** <img src=x onerror=alert(1)> and *em*\n- one\n- two [VISION](https://example.org/a?b=1&c=2)\n\n"
            + "Counts in 10*3/uL and 10*9/L stay literal.\n[bad](javascript:alert(1))");
    assertThat(html).asString()
        .contains("<strong>Bold</strong>", "&lt;img src=x onerror=alert(1)&gt;", "<em>em</em>", "<ul><li>one</li>",
            "<a href=\"https://example.org/a?b=1&amp;c=2\" target=\"_blank\" rel=\"noopener noreferrer\">VISION</a>",
            "10*3/uL and 10*9/L", "[bad](javascript:alert(1))")
        .doesNotContain("<img", "href=\"javascript");
  }

  @Test
  void everyControlHasALabel() {
    List<WebElement> controls = browser.findElements(By.cssSelector("select, input"));
    assertThat(controls).isNotEmpty().allSatisfy(control -> {
      String id = control.getAttribute("id");
      boolean labelled = (id != null && !id.isEmpty() && !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty())
          || !control.findElements(By.xpath("ancestor::label")).isEmpty();
      assertThat(labelled).as("label for " + control.getAttribute("outerHTML")).isTrue();
    });
  }
}

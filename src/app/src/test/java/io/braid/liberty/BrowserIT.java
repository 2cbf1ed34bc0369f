package io.braid.liberty;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchFrameException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver; nothing is downloaded): log in,
 * start a run, watch the graph and the Gantt chart follow it live to COMPLETED, role restrictions, and the report
 * opened from a file with no network.
 */
@Tag("liberty")
class BrowserIT {
    private static final String APP = Http.HTTP + "/braid/";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private final List<ChromeDriver> drivers = new ArrayList<>();

    /** A browser logged in as the user: the Basic credentials go with every request, as after the login prompt. */
    private ChromeDriver browser(String user) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("braid.chromedriver", "/usr/bin/chromedriver"))).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("braid.chromium", "/usr/bin/chromium"));
        options.setAcceptInsecureCerts(true); // the test server's self-signed certificate (Admin Center is HTTPS only)
        // as root in a container, with this machine's closed network: no sandbox, no background connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000");
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
        }
        return driver;
    }

    @AfterEach
    void quit() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void anOperatorStartsARunAndWatchesGraphAndGanttFollowItLiveToCompleted() throws Exception {
        ChromeDriver b = browser("operator");
        WebDriverWait wait = openWorkflow(b, "operator", "classic");
        wait.until(d -> !d.findElements(By.cssSelector("#start-form input[name='importTime']")).isEmpty());
        setValue(b, "#start-form input[name='importTime']", "1500ms");
        setValue(b, "#start-form input[name='analysisTime']", "500ms");
        shot(b, "workflows");
        b.findElement(By.id("start-run")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*#/runs/\\d+.*"));

        // follow the page, not the API: what the graph and the Gantt chart draw while the run goes on
        Set<String> statusesSeen = new LinkedHashSet<>();
        Set<String> graphStates = new LinkedHashSet<>();
        AtomicInteger maxRunningBars = new AtomicInteger();
        AtomicBoolean liveShot = new AtomicBoolean();
        String status = await("the page shows the run COMPLETED").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    // read in one script: the page replaces these elements as events arrive
                    @SuppressWarnings("unchecked")
                    Map<String, Object> page = (Map<String, Object>) b.executeScript(
                            "var s = document.getElementById('run-status'), g = document.getElementById('graph'),"
                                    + " t = document.getElementById('gantt');"
                                    + "return {status: s ? s.textContent.trim() : '', statuses: g ? g.getAttribute('data-statuses') : null,"
                                    + " running: t ? t.getAttribute('data-running') : null};");
                    String now = String.valueOf(page.get("status"));
                    statusesSeen.add(now);
                    if (page.get("statuses") != null) {
                        graphStates.add((String) page.get("statuses"));
                    }
                    if (page.get("running") != null) {
                        maxRunningBars.accumulateAndGet(Integer.parseInt((String) page.get("running")), Math::max);
                    }
                    if (!liveShot.get() && maxRunningBars.get() > 0 && graphStates.size() >= 2) {
                        shot(b, "run-live");
                        liveShot.set(true);
                    }
                    return now;
                }, "COMPLETED"::equals);
        assertEquals("COMPLETED", status, "statuses seen: " + statusesSeen);
        assertTrue(graphStates.size() >= 3, "the graph changed colours live, without reloading: " + graphStates);
        assertTrue(maxRunningBars.get() >= 2, "the two imports ran side by side as bars in the Gantt chart: " + maxRunningBars);
        WebElement graph = b.findElement(By.id("graph"));
        assertEquals("5", graph.getAttribute("data-nodes"));
        String finalStates = graph.getAttribute("data-statuses");
        assertEquals(5, finalStates.split("\"COMPLETED\"", -1).length - 1, "every node drawn COMPLETED: " + finalStates);
        assertTrue(Integer.parseInt(b.findElement(By.id("gantt")).getAttribute("data-bars")) >= 5, "one bar per try");
        assertEquals(5, b.findElements(By.cssSelector("tr[data-task][data-status='COMPLETED']")).size());
        shot(b, "run-completed");
    }

    @Test
    void aViewerSeesRunsButCannotStartOrStopAndTheServerRefusesIfTried() throws Exception {
        ChromeDriver b = browser("viewer");
        WebDriverWait wait = openWorkflow(b, "viewer", "nshape");
        wait.until(d -> !d.findElements(By.id("start-form")).isEmpty() && !d.findElement(By.id("start-form")).getText().isEmpty());
        assertFalse(visible(b, "#start-run"), "no start button for a viewer");

        Http.Reply started = Http.postEmpty(Http.HTTP + "/braid/api/workflows/nshape/runs", "admin");
        long runId = started.object().getJsonNumber("runId").longValue();
        LibertyIT.awaitRun(runId, "COMPLETED");
        b.get(APP + "#/runs/" + runId);
        wait.until(d -> d.findElement(By.id("run-status")).getText().contains("COMPLETED"));
        assertFalse(visible(b, "#stop-run") || visible(b, "#restart-run"), "no stop or restart button for a viewer");
        Object answer = ((JavascriptExecutor) b).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/braid/api/workflows/nshape/runs', {method: 'POST'}).then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, answer, "the server refuses a viewer's start even from the dashboard's own page");
        shot(b, "viewer-run");
    }

    @Test
    void theReportOpensFromAFileWithNoServerAndDrawsTheRun() throws Exception {
        Http.Reply started = Http.postEmpty(Http.HTTP + "/braid/api/workflows/nshape/runs", "admin");
        long runId = started.object().getJsonNumber("runId").longValue();
        LibertyIT.awaitRun(runId, "COMPLETED");
        String html = Http.page(Http.HTTP + "/braid/api/runs/" + runId + "/report", "admin").body();
        Path file = Files.createDirectories(Path.of("target", "reports")).resolve("run-" + runId + ".html");
        Files.writeString(file, html);

        ChromeDriver b = browser(null); // no credentials: the file needs nothing from the server
        b.get(file.toAbsolutePath().toUri().toString());
        WebDriverWait wait = waitFor(b, 20);
        wait.until(d -> "4".equals(d.findElement(By.id("graph")).getAttribute("data-nodes")));
        assertTrue(Integer.parseInt(b.findElement(By.id("gantt")).getAttribute("data-bars")) >= 4);
        assertEquals(4, b.findElements(By.cssSelector("tr[data-task][data-status='COMPLETED']")).size());
        assertTrue(b.getPageSource().contains("COMPLETED"));
        shot(b, "report");
    }

    @Test
    void aFiveHundredTaskRunStaysUsable() throws Exception {
        long runId = InlineJobs.submit("it-500");
        LibertyIT.awaitRun(runId, "COMPLETED");

        ChromeDriver b = browser("viewer");
        long opened = System.nanoTime();
        b.get(APP + "#/runs/" + runId);
        WebDriverWait wait = waitFor(b, 60);
        wait.until(d -> d.findElements(By.cssSelector("tr[data-task][data-status='COMPLETED']")).size() == 500);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened);
        WebElement graph = b.findElement(By.id("graph"));
        assertEquals("500", graph.getAttribute("data-nodes"), "the run's own graph, though the workflow is not deployed");
        assertEquals(500, graph.getAttribute("data-statuses").split("\"COMPLETED\"", -1).length - 1);
        assertEquals("500", b.findElement(By.id("gantt")).getAttribute("data-bars"));
        setValue(b, "#task-filter", "t-499");
        wait.until(d -> d.findElements(By.cssSelector("tr[data-task]:not(.hidden)")).size() == 1);
        b.findElement(By.cssSelector("tr[data-task='t-499'] a")).click();
        wait.until(d -> d.findElement(By.id("task-detail")).getText().contains("Task t-499"));
        assertTrue(seconds < 30, "page ready in " + seconds + " s");
        shot(b, "run-500-tasks");
    }

    /**
     * A Braid run in Admin Center's Java Batch tool, failed and then restarted through {@code /ibm/api/batch}: the
     * screenshots in docs/operations.md come from here (target/screenshots/admin-center-*.png).
     */
    @Test
    void aBraidRunShowsInAdminCenterAndRestartsThroughTheBatchApi() throws Exception {
        Http.Reply started = Http.post(Http.HTTP + "/braid/api/workflows/flaky/runs", "admin",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("fail", "true")).build());
        long runId = started.object().getJsonNumber("runId").longValue();
        LibertyIT.awaitRun(runId, "FAILED");

        ChromeDriver b = browser(null);
        b.get(Http.HTTPS + "/adminCenter/");
        WebDriverWait wait = waitFor(b, 30);
        wait.until(d -> !d.findElements(By.id("j_username")).isEmpty());
        b.findElement(By.id("j_username")).sendKeys("admin");
        b.findElement(By.id("j_password")).sendKeys("admin");
        b.findElement(By.id("loginButton")).click();
        wait.until(d -> !d.getCurrentUrl().contains("login"));
        b.get(Http.HTTPS + "/adminCenter/#javaBatch/?jobInstanceId=" + runId);
        wait.until(d -> javaBatchRow(b, wait, runId).contains("Failed"));
        assertTrue(javaBatchRow(b, wait, runId).contains("flaky"), "the workflow is the job's name");
        shot(b, "admin-center-failed");

        Http.Reply restart = Http.put(Http.HTTPS + "/ibm/api/batch/jobinstances/" + runId + "?action=restart", "admin",
                Json.createObjectBuilder().add("jobParameters", Json.createObjectBuilder().add("fail", "false")).build());
        assertTrue(restart.status() / 100 == 2, restart.body());
        LibertyIT.awaitRun(runId, "COMPLETED", 2);
        b.navigate().refresh();
        wait.until(d -> javaBatchRow(b, wait, runId).contains("Completed"));
        shot(b, "admin-center-restarted");
    }

    /**
     * The text of the run's row in the Java Batch tool (which runs in an iframe of Admin Center). The tool redraws
     * its grid as data arrives, so elements found a moment ago may be gone: look again until the row reads whole.
     */
    private static String javaBatchRow(ChromeDriver b, WebDriverWait wait, long runId) {
        return wait.until(d -> {
            try {
                b.switchTo().defaultContent();
                WebElement frame = b.findElements(By.tagName("iframe")).stream()
                        .filter(f -> String.valueOf(f.getAttribute("src")).contains("javaBatch")).findFirst().orElse(null);
                if (frame == null) {
                    return null;
                }
                b.switchTo().frame(frame);
                return b.findElements(By.cssSelector(".gridxBody .gridxRow")).stream().map(WebElement::getText)
                        .filter(t -> t.contains(Long.toString(runId))).findFirst().orElse(null);
            } catch (StaleElementReferenceException | NoSuchFrameException redrawn) {
                return null;
            } finally {
                b.switchTo().defaultContent();
            }
        });
    }

    /** A wait that looks again when the page has just replaced an element it found (live updates do). */
    private static WebDriverWait waitFor(ChromeDriver b, int seconds) {
        WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Logs in (the dashboard greets the user) and selects a workflow on the Workflows page. */
    private static WebDriverWait openWorkflow(ChromeDriver b, String user, String workflow) {
        b.get(APP + "#/workflows");
        WebDriverWait wait = waitFor(b, 20);
        wait.until(d -> d.findElement(By.id("user")).getText().contains(user));
        By item = By.cssSelector("[data-workflow='" + workflow + "']");
        wait.until(d -> !d.findElements(item).isEmpty());
        b.findElement(item).click();
        return wait;
    }

    private static void setValue(ChromeDriver b, String css, String value) {
        WebElement e = b.findElement(By.cssSelector(css));
        e.clear();
        e.sendKeys(value);
    }

    private static boolean visible(ChromeDriver b, String css) {
        return b.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.isDisplayed() && e.isEnabled());
    }

    private static void shot(ChromeDriver b, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"), b.getScreenshotAs(OutputType.BYTES));
    }
}

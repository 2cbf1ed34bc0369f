package io.braid.api;

import io.braid.config.ConfigValues;
import io.braid.runs.RunView;
import io.braid.views.JsonViews;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Server-Sent Events of one run: an event {@code run} with the run's JSON at once, whenever its status or a task
 * changes (checked every {@code braid.events.interval}), and at least every {@code braid.events.keepAlive}; the
 * stream ends after the run reaches a final status. Reads the run records, so it shows runs started any way.
 */
@ApplicationScoped
public class RunEvents {
    private static final Logger LOG = Logger.getLogger(RunEvents.class.getName());
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    @Resource
    ManagedScheduledExecutorService timer;
    @Inject
    RunService runs;
    private Duration interval;
    private Duration keepAlive;

    @PostConstruct
    void settings() {
        ConfigValues config = ConfigValues.current();
        interval = config.duration("braid.events.interval", Duration.ofMillis(500));
        keepAlive = config.duration("braid.events.keepAlive", Duration.ofSeconds(5));
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    public void stream(long runId, SseEventSink sink, Sse sse) {
        long every = interval.toMillis();
        Duration quiet = keepAlive;
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        Subscription s = new Subscription(runId, sink, sse, quiet, () -> {
            ScheduledFuture<?> f = self.get();
            if (f != null) {
                f.cancel(false);
            }
        });
        self.set(timer.scheduleWithFixedDelay(s::tick, 0, every, TimeUnit.MILLISECONDS));
    }

    private final class Subscription {
        private final long runId;
        private final SseEventSink sink;
        private final Sse sse;
        private final Duration quiet;
        private final Runnable cancel;
        private String lastState;
        private Instant lastSent = Instant.EPOCH;

        Subscription(long runId, SseEventSink sink, Sse sse, Duration quiet, Runnable cancel) {
            this.runId = runId;
            this.sink = sink;
            this.sse = sse;
            this.quiet = quiet;
            this.cancel = cancel;
        }

        void tick() {
            try {
                if (sink.isClosed()) { // the browser went away
                    cancel.run();
                    return;
                }
                RunView view = runs.view(runId);
                JsonObject json = JsonViews.run(view, runs.rootCause(view));
                // the summary's times move on every tick while running: compare the rest
                String state = json.get("status").toString() + json.get("tasks") + json.get("rootCause");
                boolean done = FINAL.contains(view.status());
                if (!state.equals(lastState) || Duration.between(lastSent, Instant.now()).compareTo(quiet) >= 0 || done) {
                    sink.send(sse.newEventBuilder().name("run").id(Long.toString(System.currentTimeMillis()))
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.toString()).build());
                    lastState = state;
                    lastSent = Instant.now();
                }
                if (done) {
                    cancel.run();
                    sink.close();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "events of run " + runId + " ended", e);
                cancel.run();
                sink.close();
            }
        }
    }
}

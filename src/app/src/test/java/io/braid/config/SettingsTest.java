package io.braid.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.annotation.PostConstruct;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tunable rejects a bad value with an error naming the property, where the bean reads it: its
 * {@code @PostConstruct}, which runs when the application starts (the beans are created eagerly), so a server with a
 * typo does not start instead of running on a default. A good value is accepted, so the test is about the value.
 */
@Tag("unit")
class SettingsTest {

    @ParameterizedTest(name = "{1} = ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "io.braid.gate.GracefulShutdown | braid.shutdown.grace      | soon   | 45s",
            "io.braid.api.RunEvents         | braid.events.interval     | 0ms    | 250ms",
            "io.braid.api.RunEvents         | braid.events.keepAlive    | 5      | 5s",
            "io.braid.health.LivenessCheck  | braid.health.stuckAfter   | -1m    | 10m",
            "io.braid.web.WebSettings       | braid.api.maxBodyBytes    | 64KB   | 65536",
            "io.braid.tasks.RunPolicies     | braid.http.maxResponseBytes | 1e6  | 1000000",
            "io.braid.gate.GateSettings     | braid.maxParallel         | four   | 4",
            "io.braid.gate.GateSettings     | braid.runs.maxActive      | -1     | 10",
            "io.braid.gate.GateSettings     | braid.locks.lease         | 30     | 30s",
            "io.braid.gate.GateSettings     | braid.gate.grace          | later  | 50ms",
            "io.braid.gate.GateSettings     | braid.priority.agingStep  | 0s     | 1m",
            "io.braid.gate.GateSettings     | braid.estimates.history   | 1.5    | 5",
            "io.braid.gate.GateSettings     | braid.adaptive.enabled    | yes    | true",
            "io.braid.gate.GateSettings     | braid.adaptive.cpuHigh    | 90%    | 0.9",
            "io.braid.gate.GateSettings     | braid.adaptive.interval   | often  | 2s",
            "io.braid.gate.GateSettings     | braid.gate.pendingNeedsWarning | 10 | 10m",
            "io.braid.gate.GateSettings     | braid.groups.erp.maxConcurrent | many | 3",
            "io.braid.gate.GateSettings     | braid.groups.erp.rate     | 10     | 10/1m",
            "io.braid.gate.GateSettings     | braid.groups.erp.ratePerSecond | fast | 2.5",
            "io.braid.gate.GateSettings     | braid.ledger              | shared | database",
            "io.braid.gate.GateSettings     | braid.metrics.perTask     | maybe  | true",
            "io.braid.gate.GateSettings     | braid.ledger.poll         | 200    | 200ms",
            "io.braid.gate.GateSettings     | braid.cluster.maxParallel | -1     | 0",
            "io.braid.gate.GateSettings     | braid.cluster.maxParallel | 8      | 0", // 8 needs braid.ledger=database
            "io.braid.db.TaskDatabase$User | braid.tasks.db.user      | x;DROP | etl_user",
            "io.braid.db.TaskDatabase$User | braid.tasks.db.schema    | a b    | ETL",
    })
    void aBadValueIsRefusedNamingItsProperty(String reader, String property, String bad, String good) throws Exception {
        Throwable refused = assertThrows(IllegalArgumentException.class, () -> read(reader, property, bad));
        assertTrue(refused.getMessage().contains(property) && refused.getMessage().contains(bad), refused.getMessage());
        assertDoesNotThrow(() -> read(reader, property, good));
    }

    /** Reads the settings the way the application does, with only this property set. */
    private static void read(String reader, String property, String value) throws Throwable {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(property, value), "test", 500)).build();
        // a class loader of its own: the JVM's may have a configuration already (other tests' runtime)
        ClassLoader loader = new URLClassLoader(new URL[0], SettingsTest.class.getClassLoader());
        ConfigProviderResolver.instance().registerConfig(config, loader);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName(reader);
            if (type.getSimpleName().equals("GateSettings")) {
                type.getMethod("from", Config.class).invoke(null, config);
            } else if (type.getSimpleName().equals("User")) {
                Method from = type.getDeclaredMethod("from", ConfigValues.class);
                from.setAccessible(true);
                from.invoke(null, new ConfigValues(config));
            } else {
                var ctor = type.getDeclaredConstructor();
                ctor.setAccessible(true);
                Object bean = ctor.newInstance();
                for (Method m : type.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(PostConstruct.class)) {
                        m.setAccessible(true);
                        m.invoke(bean);
                    }
                }
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }
}

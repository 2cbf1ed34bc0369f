package io.braid.gate;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger settings together (SettingsTest checks each property's bad values on its own). */
@Tag("unit")
class GateSettingsTest {

    private static GateSettings read(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return GateSettings.from(config);
    }

    @Test
    void theLedgerIsLocalUnlessTheDatabaseIsChosenWhichTakesAClusterCap() {
        GateSettings defaults = read(Map.of());
        assertEquals(GateSettings.Ledger.LOCAL, defaults.ledger());
        assertEquals(Duration.ofMillis(200), defaults.ledgerPoll());
        assertEquals(0, defaults.clusterCap());

        GateSettings shared = read(Map.of("braid.ledger", "database", "braid.ledger.poll", "1s", "braid.cluster.maxParallel", "8"));
        assertEquals(GateSettings.Ledger.DATABASE, shared.ledger());
        assertEquals(Duration.ofSeconds(1), shared.ledgerPoll());
        assertEquals(8, shared.clusterCap());
    }
}

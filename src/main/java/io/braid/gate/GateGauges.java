package io.braid.gate;

import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The gate's gauges in MicroProfile Metrics (Liberty's mpMetrics). The embedded runner has no metrics: there
 * the API is not even on the class path (with it, MicroProfile Fault Tolerance would insist on a registry), so
 * this class is only loaded when the API is present.
 */
final class GateGauges {
    private static final String API = "org.eclipse.microprofile.metrics.MetricRegistry";

    private GateGauges() {
    }

    /** @param beans the application's beans, as injected (on Liberty the registry is resolved through them) */
    static void registerIfMetricsPresent(Instance<Object> beans, AdaptiveCap cap, Scheduler scheduler) {
        Class<?> api;
        try {
            api = Class.forName(API, false, GateGauges.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        try {
            Instance<?> registries = beans.select(api);
            if (registries.isResolvable() && registries.get() != null) {
                Registration.register(registries.get(), cap, scheduler);
            }
        } catch (RuntimeException e) { // metrics are an extra: never let them keep the gate from opening
            java.util.logging.Logger.getLogger(GateGauges.class.getName()).warning("braid gauges not registered: " + e);
        }
    }

    /** Separate class: references the metrics API, loaded only after the check above. */
    private static final class Registration {
        static void register(Object registryBean, AdaptiveCap cap, Scheduler scheduler) {
            MetricRegistry registry = (MetricRegistry) registryBean;
            registry.gauge("braid.server.cap.effective", cap, AdaptiveCap::cap);
            registry.gauge("braid.server.cap.configured", cap, AdaptiveCap::configured);
            registry.gauge("braid.tasks.running", scheduler, s -> s.view().running());
            registry.gauge("braid.tasks.waiting", scheduler, s -> s.view().waiting());
        }
    }
}

package io.braid.gate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/** How busy the machine is, as fractions 0..1 (negative: unknown). Injectable so tests need not load the machine. */
public interface LoadSignal {
    double cpuLoad();

    double heapUsed();

    /** The JVM's view: system CPU load (or load average per core where the JVM does not report it) and heap use. */
    static LoadSignal jvm() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return new LoadSignal() {
            @Override
            public double cpuLoad() {
                if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                    return sun.getCpuLoad();
                }
                double avg = os.getSystemLoadAverage();
                return avg < 0 ? -1 : Math.min(1, avg / os.getAvailableProcessors());
            }

            @Override
            public double heapUsed() {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                return heap.getMax() <= 0 ? -1 : (double) heap.getUsed() / heap.getMax();
            }
        };
    }
}

package io.braid.job;

/** CDI names of Braid's batch artifacts, as compiled job XML references them, and the decider's answers. */
public final class Artifacts {
    public static final String RUN_LISTENER = "braidRunListener";
    public static final String TASK_LISTENER = "braidTaskListener";
    public static final String GATE = "braidGate";
    public static final String MARK = "braidMark";
    /** The one batchlet that runs every task type with a run-time action (see {@code io.braid.spi}). */
    public static final String TASK = "braidTask";
    public static final String CHUNK_WATCH = "braidChunkWatch";
    public static final String FAN_OUT_MAPPER = "braidFanOut";
    public static final String FAN_OUT_REDUCER = "braidFanOutReducer";
    public static final String FAN_OUT_ANALYZER = "braidFanOutAnalyzer";

    /** Decider results. */
    public static final String RUN = "RUN";
    public static final String SKIP = "SKIP";

    private Artifacts() {
    }
}

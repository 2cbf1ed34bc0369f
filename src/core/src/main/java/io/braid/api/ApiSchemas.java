package io.braid.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The shapes of the API's bodies, for the OpenAPI document: a client generator makes typed classes of them. The API
 * writes its JSON with JSON-P ({@code io.braid.views.JsonViews}); these records describe it and are not used at run
 * time. Times are ISO-8601 instants with milliseconds; a field that may be null is marked so.
 */
final class ApiSchemas {
    private ApiSchemas() {
    }

    @Schema(name = "ApiError", description = "Why a request was refused or failed")
    record ApiError(@Schema(description = "the HTTP status", required = true) int status,
                 @Schema(description = "what is wrong, for people", required = true) String error) {
    }

    @Schema(name = "StartRequest", description = "Parameters of a new run or a restart; all optional")
    record StartRequest(@Schema(description = "parameter name to value") Map<String, String> params) {
    }

    @Schema(name = "StartedRun", description = "A run that was started or restarted")
    record StartedRun(@Schema(required = true) long runId, @Schema(required = true) long executionId,
                      @Schema(required = true) String workflow) {
    }

    @Schema(name = "StopResult")
    record StopResult(@Schema(required = true) long runId, @Schema(required = true, description = "STOPPING") String status) {
    }

    @Schema(name = "CancelResult")
    record CancelResult(@Schema(required = true) long runId, @Schema(required = true) String task,
                        @Schema(required = true, description = "CANCELLED (had not started) or STOPPING (was running)") String status) {
    }

    @Schema(name = "Me")
    record Me(@Schema(required = true) String user, @Schema(required = true, description = "admin, operator, viewer") List<String> roles,
              @Schema(required = true) boolean canStart) {
    }

    @Schema(name = "Param", description = "A parameter of a workflow")
    record Param(@Schema(required = true) String name, @Schema(required = true) boolean required,
                 @Schema(required = true) boolean secret, @Schema(name = "default") String defaultValue, String description) {
    }

    @Schema(name = "WorkflowSummary", description = "A deployed workflow in a list")
    record WorkflowSummary(@Schema(required = true) String name, @Schema(required = true) String description,
                           @Schema(required = true) int maxParallel, @Schema(required = true, description = "how many tasks") int tasks,
                           @Schema(required = true) List<Param> params) {
    }

    @Schema(name = "WorkflowTask", description = "A task as the workflow declares it")
    record WorkflowTask(@Schema(required = true) String id, @Schema(required = true) String type,
                        @Schema(required = true) List<String> needs,
                        @Schema(required = true, description = "its settings as written") Map<String, Object> with,
                        @Schema(required = true) String priority, String timeout, Map<String, Object> retry) {
    }

    @Schema(name = "TaskForecast", description = "When a task is expected to start and end, in milliseconds from the run's start")
    record TaskForecast(@Schema(required = true) String id, @Schema(required = true) long startMillis,
                        @Schema(required = true) long endMillis, @Schema(required = true) long startHighMillis,
                        @Schema(required = true) long endHighMillis, @Schema(required = true) long durationMillis,
                        @Schema(required = true) long durationHighMillis,
                        @Schema(required = true, description = "history (recent completed runs), estimate (the workflow's), or guess") String source) {
    }

    @Schema(name = "Forecast", description = "How long a run is expected to take: median durations, and the 90th percentile (high)")
    record Forecast(@Schema(required = true) String workflow,
                    @Schema(required = true, description = "completed runs the durations come from") int basedOnRuns,
                    @Schema(required = true) long makespanMillis, @Schema(required = true) long makespanHighMillis,
                    @Schema(required = true) List<TaskForecast> tasks) {
    }

    @Schema(name = "GraphNode")
    record GraphNode(@Schema(required = true) String id, String type) {
    }

    @Schema(name = "GraphEdge", description = "from is a need of to")
    record GraphEdge(@Schema(required = true) String from, @Schema(required = true) String to) {
    }

    @Schema(name = "Graph")
    record Graph(@Schema(required = true) List<GraphNode> nodes, @Schema(required = true) List<GraphEdge> edges) {
    }

    @Schema(name = "Workflow", description = "A deployed workflow: its tasks, graph and compiled job XML")
    record Workflow(@Schema(required = true) String name, @Schema(required = true) String description,
                    @Schema(required = true) int maxParallel, @Schema(required = true) List<Param> params,
                    @Schema(required = true) List<WorkflowTask> tasks, @Schema(required = true) Graph graph,
                    @Schema(required = true) String jobXml) {
    }

    @Schema(name = "TaskTry", description = "One try of a task, or of one of its fan-out partitions")
    record TaskTry(@Schema(required = true) int attempt, @Schema(required = true) long execution,
               @Schema(description = "the fan-out partition (0-based); absent for a task's own tries") Integer index,
               @Schema(description = "the partition's item") Object item,
               @Schema(nullable = true) String start, @Schema(nullable = true) String end,
               @Schema(required = true) String status, @Schema(nullable = true) String error,
               @Schema(description = "the server (or runner process) the try ran on") String server) {
    }

    @Schema(name = "Task", description = "A task of a run")
    record Task(@Schema(required = true) String id,
                @Schema(required = true, description = "PENDING, WAITING, RUNNING, COMPLETED, FAILED, SKIPPED, CANCELLED, STOPPED") String status,
                @Schema(nullable = true) String start, @Schema(nullable = true) String end, @Schema(required = true) int attempts,
                @Schema(nullable = true) String error, @Schema(nullable = true, description = "what a WAITING task waits for") String waitingFor,
                @Schema(nullable = true) String heartbeat, @Schema(description = "how far it has come") Map<String, Object> progress,
                List<TaskTry> tries, List<TaskTry> partitions,
                @Schema(description = "outputs published for later tasks") Map<String, Object> outputs) {
    }

    @Schema(name = "Summary")
    record Summary(@Schema(required = true) double taskSeconds, @Schema(nullable = true) Double wallSeconds,
                   @Schema(nullable = true, description = "task seconds ÷ wall seconds") Double speedup) {
    }

    @Schema(name = "RootCause", description = "The first failure of a failed run and what it caused")
    record RootCause(@Schema(required = true) String task, @Schema(nullable = true) String error, @Schema(nullable = true) String at,
                     @Schema(required = true) List<String> skipped, @Schema(required = true) List<String> otherFailures) {
    }

    @Schema(name = "Run", description = "A run (a job instance) with its tasks")
    record Run(@Schema(required = true) long id, @Schema(required = true) String workflow,
               @Schema(required = true, description = "QUEUED, RUNNING, COMPLETED, FAILED, STOPPED") String status,
               @Schema(required = true) long executionId, @Schema(required = true) int executions,
               @Schema(nullable = true) String submittedBy, @Schema(nullable = true) String created,
               @Schema(nullable = true) String start, @Schema(nullable = true) String end,
               @Schema(description = "why it ended so, when no task says it") String reason,
               @Schema(required = true) Summary summary, @Schema(required = true) List<Task> tasks, Graph graph,
               RootCause rootCause,
               @Schema(description = "while the run is in flight: its tasks' expected starts and ends as of now, in milliseconds from its start (ended tasks as they were)") Forecast forecast) {
    }

    @Schema(name = "ServerState")
    record ServerState(@Schema(required = true) int configured, @Schema(required = true) int effective,
                       @Schema(required = true) boolean adaptive, @Schema(required = true) String reason,
                       @Schema(required = true) int running, @Schema(required = true) int waiting,
                       @Schema(required = true) int waitingForServerCap, @Schema(required = true) int maxActiveRuns,
                       @Schema(required = true) int activeRuns, @Schema(required = true) int queuedRuns) {
    }

    @Schema(name = "RunState")
    record RunState(@Schema(required = true) long id, @Schema(required = true) String workflow,
                    @Schema(required = true) int maxParallel, @Schema(required = true) int running, @Schema(required = true) int waiting) {
    }

    @Schema(name = "Holder", description = "A task holding a group's slot or a lock; an operator sees those of their own runs only")
    record Holder(@Schema(required = true) long run, @Schema(required = true) String task, String mode, String leaseExpires) {
    }

    @Schema(name = "GroupState")
    record GroupState(@Schema(required = true) String name, @Schema(required = true) String source,
                      @Schema(required = true) int maxConcurrent, @Schema(required = true) List<String> rate,
                      @Schema(required = true) int running, @Schema(required = true) List<Holder> holders,
                      @Schema(required = true) int startsInWindow, @Schema(required = true) int waiting) {
    }

    @Schema(name = "LockState")
    record LockState(@Schema(required = true) String name, @Schema(required = true) List<Holder> holders,
                     @Schema(required = true) int waiting) {
    }

    @Schema(name = "Resources", description = "What the gate holds now")
    record Resources(@Schema(required = true) ServerState server, @Schema(required = true) Map<String, Integer> waitingByReason,
                     @Schema(required = true, description = "running runs; an operator sees their own only (the counts are of all)") List<RunState> runs,
                     @Schema(required = true) List<GroupState> groups,
                     @Schema(required = true) List<LockState> locks, @Schema(required = true) String leaseTime) {
    }
}

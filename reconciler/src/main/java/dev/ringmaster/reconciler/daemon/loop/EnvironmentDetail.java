package dev.ringmaster.reconciler.daemon.loop;

/**
 * {@code GET /v1/environments/{name}}: where the environment stands and its last recorded plan
 * ({@code lastPlan} null when none was recorded). Immutable.
 */
public record EnvironmentDetail(EnvironmentState status, LastPlan lastPlan) {}

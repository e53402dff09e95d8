package dev.ringmaster.driver.spi;

/**
 * The outcome of activating a host config in a guest: exit status, the tail of the activation
 * output, and whether the previous config was restored after a failure.
 */
public record ActivationResult(
    boolean success, int exitStatus, String outputTail, boolean rolledBack) {}

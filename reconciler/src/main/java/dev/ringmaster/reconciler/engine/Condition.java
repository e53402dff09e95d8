package dev.ringmaster.reconciler.engine;

/**
 * One condition of an environment ({@code Ready}, {@code Synced}, {@code Drifted}) with a stable
 * machine-readable reason and a human message. Immutable.
 */
public record Condition(String type, boolean status, String reason, String message) {
  public Condition {
    message = message == null ? "" : message;
  }
}

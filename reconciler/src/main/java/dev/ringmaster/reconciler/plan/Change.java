package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import dev.ringmaster.driver.spi.ResourceId;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One planned change to one resource: what it is now ({@code before}, empty when it does not
 * exist), what it will be ({@code after}, empty when it is deleted), the action and its impact.
 * {@code desired} is the typed resource the engine applies (null for a delete). {@code reason} says
 * in words why the change is planned (or why it is held back). Immutable.
 */
public record Change(
    ResourceId resource,
    String environment,
    Action action,
    Impact impact,
    SortedMap<String, String> before,
    SortedMap<String, String> after,
    DesiredResource desired,
    String reason) {
  public Change {
    before = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(before));
    after = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(after));
    reason = reason == null ? "" : reason;
    environment = environment == null ? "" : environment;
  }
}

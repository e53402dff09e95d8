package dev.ringmaster.reconciler.daemon.loop;

import java.util.List;

/**
 * A page of the audit journal, newest first; {@code next} is the cursor of the following page (the
 * {@code before} to ask with), or 0 when this is the last. Immutable.
 */
public record EventPage(List<Event> events, long next) {
  /** One journaled action: what was done to which resource, at which commit, how it ended. */
  public record Event(
      long seq,
      String time,
      String pass,
      String commit,
      String environment,
      String resource,
      String action,
      String impact,
      String phase,
      String outcome,
      long durationMillis,
      String message) {}

  public EventPage {
    events = List.copyOf(events);
  }
}

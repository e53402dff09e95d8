package dev.ringmaster.reconciler.daemon.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The webhook deliveries seen within a window, by delivery id, so a replay (the same delivery
 * posted again: a provider's redelivery button, a retry, or a captured request sent again) is
 * recognised. Memory is bounded: ids older than the window are forgotten, and past {@code
 * maxEntries} the oldest are forgotten first. Thread-safe.
 */
public final class WebhookDeliveries {
  /**
   * The headers carrying a delivery id, by provider, most specific first: GitHub {@code
   * X-GitHub-Delivery}, Gitea/Forgejo {@code X-Gitea-Delivery}, GitLab {@code Idempotency-Key}
   * (kept across GitLab's retries) then {@code X-Gitlab-Event-UUID}.
   */
  public static final List<String> HEADERS =
      List.of("X-GitHub-Delivery", "X-Gitea-Delivery", "Idempotency-Key", "X-Gitlab-Event-UUID");

  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  private static final int MAX_ID_LENGTH = 200;

  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  public WebhookDeliveries(Duration window, int maxEntries, Clock clock) {
    if (window.isNegative() || maxEntries < 1) {
      throw new IllegalArgumentException("window must be >= 0 and maxEntries >= 1");
    }
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * The delivery id of a request, from the first of {@link #HEADERS} present and not blank (cut to
   * 200 characters); empty when the provider sent none.
   */
  public static Optional<String> deliveryId(Function<String, String> header) {
    for (String name : HEADERS) {
      String value = header.apply(name);
      if (value != null && !value.isBlank()) {
        String id = value.strip();
        return Optional.of(id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) : id);
      }
    }
    return Optional.empty();
  }

  /**
   * Records a delivery; true when {@code id} was already seen within the window (a replay), false
   * when it is new (or its earlier sighting is older than the window).
   */
  public synchronized boolean replay(String id) {
    Instant now = clock.instant();
    expire(now);
    Instant first = seen.get(id);
    if (first != null) {
      return true;
    }
    seen.put(id, now);
    while (seen.size() > maxEntries) {
      Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
      it.next();
      it.remove();
    }
    return false;
  }

  /** How many ids are remembered now. */
  public synchronized int size() {
    expire(clock.instant());
    return seen.size();
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(window);
    Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isBefore(oldest)) {
        it.remove();
      } else {
        return;
      }
    }
  }
}

package dev.ringmaster.reconciler.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.reconciler.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookDeliveriesTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Test
  void theSameDeliveryWithinTheWindowIsAReplayAndAfterItIsNew() {
    WebhookDeliveries d = new WebhookDeliveries(Duration.ofHours(1), 100, clock);
    assertThat(d.replay("a")).isFalse();
    assertThat(d.replay("b")).isFalse();
    clock.advance(Duration.ofMinutes(59));
    assertThat(d.replay("a")).isTrue();
    clock.advance(Duration.ofMinutes(2));
    assertThat(d.replay("a")).isFalse();
    assertThat(d.size()).isEqualTo(1);
  }

  @Test
  void memoryIsBoundedOldestForgottenFirst() {
    WebhookDeliveries d = new WebhookDeliveries(Duration.ofHours(1), 3, clock);
    for (String id : new String[] {"1", "2", "3", "4"}) {
      assertThat(d.replay(id)).isFalse();
    }
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.replay("4")).isTrue();
    assertThat(d.replay("1")).isFalse();
  }

  @Test
  void deliveryIdsOfEachProvider() {
    assertThat(WebhookDeliveries.deliveryId(Map.of("X-GitHub-Delivery", " gh-1 ")::get))
        .contains("gh-1");
    assertThat(WebhookDeliveries.deliveryId(Map.of("X-Gitea-Delivery", "gt-1")::get))
        .contains("gt-1");
    assertThat(
            WebhookDeliveries.deliveryId(
                Map.of("X-Gitlab-Event-UUID", "ev", "Idempotency-Key", "idem")::get))
        .contains("idem");
    assertThat(WebhookDeliveries.deliveryId(Map.of("X-Gitlab-Event-UUID", "ev")::get))
        .contains("ev");
    assertThat(WebhookDeliveries.deliveryId(Map.of("X-GitHub-Delivery", " ")::get)).isEmpty();
    assertThat(WebhookDeliveries.deliveryId(Map.of("X-GitHub-Delivery", "x".repeat(500))::get))
        .hasValueSatisfying(id -> assertThat(id).hasSize(200));
  }
}

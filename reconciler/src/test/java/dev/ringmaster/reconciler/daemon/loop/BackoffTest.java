package dev.ringmaster.reconciler.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  @ParameterizedTest(name = "after {0} failures wait {1} s")
  @CsvSource({"1, 2", "2, 4", "3, 8", "4, 16", "5, 30", "40, 30", "1000, 30"})
  void doublesUpToTheCap(int failures, long seconds) {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));

    assertThat(backoff.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void rejectsACapBelowTheBase() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

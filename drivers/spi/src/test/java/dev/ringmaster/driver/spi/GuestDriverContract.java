package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ringmaster.model.hostconfig.HostConfigJson;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link GuestDriver} keeps, run against each implementation (the real one and
 * any stand-in an engine test uses) so they cannot drift apart. Subclasses provide a driver, a
 * reachable guest with nothing installed, one that cannot be reached, and a way to read what the
 * guest activated.
 */
public abstract class GuestDriverContract {
  protected GuestDriver driver;

  /** A driver for a fresh guest. */
  protected abstract GuestDriver driver();

  /** The fresh guest: reachable, no host config installed, no activation run yet. */
  protected abstract GuestTarget reachable();

  /** A guest that refuses connections. */
  protected abstract GuestTarget unreachable();

  /** The {@code marker} of each config the guest activated so far, in order. */
  protected abstract List<String> activatedMarkers();

  @BeforeEach
  void makeDriver() {
    driver = driver();
  }

  /** A valid document with a {@code marker} member, carrying its content hash. */
  public static String document(String marker) {
    String body = "{\"schema\":\"ringmaster.hostconfig/v1\",\"name\":\"ct00\",\"marker\":\"";
    String hash = HostConfigJson.contentHashOf(body + marker + "\"}");
    return body + marker + "\",\"contentHash\":\"" + hash + "\"}";
  }

  private ActivationResult apply(String marker) {
    String doc = document(marker);
    return driver.apply(reachable(), doc, HostConfigJson.contentHashOf(doc));
  }

  @Test
  void observingANewGuestFindsNoConfigAndChangesNothing() {
    GuestObservation first = driver.observe(reachable());
    GuestObservation second = driver.observe(reachable());

    assertThat(first.configHash()).isNull();
    assertThat(second).isEqualTo(first);
    assertThat(activatedMarkers()).isEmpty();
  }

  @Test
  void applyInstallsActivatesAndIsObserved() {
    ActivationResult r = apply("v1");

    assertThat(r.success()).isTrue();
    assertThat(activatedMarkers()).containsExactly("v1");
    assertThat(driver.observe(reachable()).configHash())
        .isEqualTo(HostConfigJson.contentHashOf(document("v1")));
  }

  @Test
  void applyingTheSameConfigAgainIsHarmless() {
    apply("v1");
    GuestObservation once = driver.observe(reachable());
    apply("v1");

    assertThat(driver.observe(reachable())).isEqualTo(once);
  }

  @Test
  void aDocumentNotMatchingItsHashIsRefusedTerminally() {
    DriverException e =
        catchThrowableOfType(
            () -> driver.apply(reachable(), document("v1"), "0".repeat(64)), DriverException.class);

    assertThat(e.retryable()).isFalse();
    assertThat(activatedMarkers()).isEmpty();
  }

  @Test
  void anUnreachableGuestIsRetryable() {
    DriverException e =
        catchThrowableOfType(() -> driver.observe(unreachable()), DriverException.class);

    assertThat(e.retryable()).isTrue();
  }
}

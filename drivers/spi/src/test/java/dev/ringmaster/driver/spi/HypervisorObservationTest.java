package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.model.Size;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The observation's lookups by name and owner agree with a walk over its lists. */
class HypervisorObservationTest {
  private static ObservedDomain domain(String name, Ownership owner) {
    return new ObservedDomain(
        name,
        UUID.nameUUIDFromBytes(name.getBytes()),
        DomainState.SHUTOFF,
        Size.mib(512),
        1,
        List.of(),
        List.of(),
        owner);
  }

  private final HypervisorObservation host =
      new HypervisorObservation(
          "kvm01",
          List.of(),
          List.of(
              new ObservedVolume("default", "a00-root", Size.gib(1), "/p/a00-root"),
              new ObservedVolume("backup", "a00-root", Size.gib(1), "/b/a00-root")),
          List.of(
              domain("a00", new Ownership("kvm01", "a-prod", "h")),
              domain("foreign", null),
              domain("b00", new Ownership("kvm01", "b-prod", "h")),
              domain("a01", new Ownership("kvm01", "a-prod", "h"))));

  @Test
  void domainsByOwnerKeepObservedOrderAndLeaveUnmarkedOnesOut() {
    assertThat(host.domainsOwnedBy("a-prod"))
        .extracting(ObservedDomain::name)
        .containsExactly("a00", "a01");
    assertThat(host.domainsOwnedBy("b-prod"))
        .extracting(ObservedDomain::name)
        .containsExactly("b00");
    assertThat(host.domainsOwnedBy("nobody")).isEmpty();
    assertThat(host.domain("foreign")).isPresent();
  }

  @Test
  void volumesByPoolAndName() {
    assertThat(host.volume("backup", "a00-root").orElseThrow().path()).isEqualTo("/b/a00-root");
    assertThat(host.volume("default", "missing")).isEmpty();
    assertThat(host.volume(null, "a00-root")).isEmpty();
    assertThat(host.volumesNamed("a00-root")).hasSize(2);
  }
}

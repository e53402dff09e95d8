package dev.ringmaster.driver.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestAttributesTest {
  private static final GuestAccount ALICE =
      new GuestAccount("alice", 1001, List.of("users", "login", "login"));
  private static final GuestAccount APP = new GuestAccount("s-app", 60001, List.of("service"));
  private static final GuestAccount OLD = new GuestAccount("s-old", 60002, List.of("service"));

  @Test
  void desiredAndObservedShareKeysAndFormat() {
    GuestObservation observed =
        new GuestObservation("myapp00", "abc", "system-3-link", List.of(APP, ALICE));

    assertThat(observed.attributes())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                java.util.Map.of(
                    "configHash", "abc",
                    "users", "alice:1001,s-app:60001",
                    "groups", "alice:login+users,s-app:service")));
    assertThat(GuestAttributes.of("abc", List.of(ALICE, APP))).isEqualTo(observed.attributes());
  }

  @Test
  void noConfigInstalledIsAnEmptyHash() {
    assertThat(new GuestObservation("myapp00", null, null, List.of()).attributes())
        .containsEntry("configHash", "")
        .containsEntry("users", "");
  }

  @Test
  void removedServiceUsersAreNamed() {
    assertThat(GuestAttributes.removedServiceUsers(List.of(ALICE, APP), List.of(ALICE, OLD, APP)))
        .containsExactly("s-old");
    assertThat(GuestAttributes.removedServiceUsers(List.of(APP), List.of(ALICE, APP))).isEmpty();
  }
}

package dev.ringmaster.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.GuestAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which recorded {@code roles} changes move a versioned role to another version. */
class RoleVersionChangesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a changed default",
            "postgresql → postgresql16",
            "postgresql → postgresql15",
            List.of("postgresql16 → postgresql15"),
            " (the catalogue's default for postgresql changed)"),
        Arguments.of(
            "an explicit version written",
            "postgresql → postgresql16, redis",
            "postgresql15, redis",
            List.of("postgresql16 → postgresql15"),
            ""),
        Arguments.of(
            "the platform name for the version already installed",
            "postgresql16",
            "postgresql → postgresql16",
            List.of(),
            null),
        Arguments.of(
            "another MySQL flavour",
            "mysql → mysql80",
            "percona80",
            List.of("mysql80 → percona80"),
            ""),
        Arguments.of("a role added", "redis", "postgresql16, redis", List.of(), null),
        Arguments.of("a database removed", "postgresql16, redis", "redis", List.of(), null),
        Arguments.of("nothing recorded before", null, "postgresql → postgresql15", List.of(), null),
        Arguments.of(
            "two databases",
            "mysql80, postgresql16",
            "mysql57, postgresql15",
            List.of("postgresql16 → postgresql15", "mysql80 → mysql57"),
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void versionChanges(
      String name, String before, String after, List<String> expected, String cause) {
    Map<String, String> b = roles(before);
    Map<String, String> a = roles(after);
    List<String> changes = GuestChanges.roleVersionChanges(b, a);
    assertThat(changes).isEqualTo(expected);
    if (cause != null) {
      assertThat(GuestChanges.versionNote(changes, b, a))
          .isEqualTo(
              "role version "
                  + String.join(", ", expected)
                  + ": the service stops and starts on the other major version, its data must be"
                  + " migrated"
                  + cause);
    }
  }

  private static Map<String, String> roles(String value) {
    Map<String, String> m = new HashMap<>();
    if (value != null) {
      m.put(GuestAttributes.ROLES, value);
    }
    return m;
  }
}

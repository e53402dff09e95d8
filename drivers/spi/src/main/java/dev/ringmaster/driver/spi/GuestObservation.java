package dev.ringmaster.driver.spi;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What is installed in one guest: the hash of the active host config (null when none), the system
 * generation, and the platform-managed users and groups actually present (so that a user added or
 * removed by hand shows up as drift).
 */
public record GuestObservation(
    String vm, String configHash, String generation, List<ObservedUser> users) {
  /** A user present in the guest with its uid, home and supplementary groups. */
  public record ObservedUser(String name, int uid, String home, List<String> groups) {
    public ObservedUser {
      groups = List.copyOf(groups);
    }
  }

  public GuestObservation {
    users = List.copyOf(users);
  }

  /** The same keys as {@link GuestResource#attributes()}. */
  public SortedMap<String, String> attributes() {
    SortedMap<String, String> a = new TreeMap<>();
    a.put("configHash", configHash == null ? "" : configHash);
    return a;
  }
}

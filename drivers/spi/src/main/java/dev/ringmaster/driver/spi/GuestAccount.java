package dev.ringmaster.driver.spi;

import java.util.List;

/**
 * A platform-managed account in a guest, desired or observed: name, uid and every group it is in
 * (its primary group included), sorted without duplicates. Immutable and thread-safe.
 */
public record GuestAccount(String name, int uid, List<String> groups) {
  public GuestAccount {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    groups = List.copyOf(groups == null ? List.of() : groups).stream().distinct().sorted().toList();
  }
}

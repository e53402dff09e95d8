package dev.ringmaster.driver.nixos;

import dev.ringmaster.driver.spi.GuestAccount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code passwd(5)} and {@code group(5)} text into the platform-managed accounts: users whose
 * uid lies in the managed range, each with its primary group and every group that lists it. Users
 * whose primary group is a system group ({@code nixbld}: NixOS puts its build users at uid 30001
 * and up, inside the range of human uids) are not managed. Malformed lines are skipped. Pure
 * functions.
 */
final class AccountDatabase {
  static final Set<String> SYSTEM_GROUPS = Set.of("nixbld");

  private AccountDatabase() {}

  static List<GuestAccount> parse(String passwd, String group, int minUid, int maxUid) {
    Map<String, String> groupNames = new HashMap<>();
    Map<String, Set<String>> memberOf = new HashMap<>();
    for (String[] g : records(group, 4)) {
      groupNames.putIfAbsent(g[2], g[0]);
      for (String member : g[3].split(",")) {
        if (!member.isBlank()) {
          memberOf.computeIfAbsent(member.trim(), m -> new TreeSet<>()).add(g[0]);
        }
      }
    }
    List<GuestAccount> accounts = new ArrayList<>();
    for (String[] u : records(passwd, 7)) {
      Integer uid = number(u[2]);
      String primary = groupNames.getOrDefault(u[3], u[3]);
      if (uid != null && uid >= minUid && uid <= maxUid && !SYSTEM_GROUPS.contains(primary)) {
        Set<String> groups = new TreeSet<>(memberOf.getOrDefault(u[0], Set.of()));
        groups.add(primary);
        accounts.add(new GuestAccount(u[0], uid, List.copyOf(groups)));
      }
    }
    accounts.sort(Comparator.comparing(GuestAccount::name));
    return accounts;
  }

  private static List<String[]> records(String text, int fields) {
    List<String[]> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= fields && !f[0].isBlank()) {
        out.add(f);
      }
    }
    return out;
  }

  private static Integer number(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

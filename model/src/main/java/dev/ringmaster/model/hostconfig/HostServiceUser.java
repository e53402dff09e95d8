package dev.ringmaster.model.hostconfig;

/**
 * A service user as a VM receives it: name ({@code s-...}), uid (the same on every VM of the
 * resource group), home {@code /srv/<name>} and primary group {@code service}. Immutable.
 *
 * @param source where the account is declared, as {@link HostUser#source()}; null when the
 *     environment's resource group has no file of its own
 */
public record HostServiceUser(String name, int uid, String home, String group, String source) {
  public HostServiceUser(String name, int uid, String home, String group) {
    this(name, uid, home, group, null);
  }

  /** The primary group of every service user. */
  public static final String GROUP = "service";

  public HostServiceUser {
    Checks.required(name, "name");
    Checks.required(home, "home");
    Checks.required(group, "group");
  }
}

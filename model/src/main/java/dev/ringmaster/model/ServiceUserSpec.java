package dev.ringmaster.model;

/**
 * A service user that runs applications: name starts with {@code s-}, home {@code /srv/<name>},
 * primary group {@code service}. {@code uid} is null when not written; it is then derived from the
 * name so that it is the same on every VM of the resource group.
 */
public record ServiceUserSpec(String name, Integer uid) {
  /** The home directory every service user has. */
  public String home() {
    return "/srv/" + name;
  }
}

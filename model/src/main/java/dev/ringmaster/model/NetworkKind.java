package dev.ringmaster.model;

import java.util.Locale;

/**
 * The two networks every VM is attached to: the public frontend ({@code ethfe}) and the server
 * network ({@code ethsrv}).
 */
public enum NetworkKind {
  FE,
  SRV;

  /** The key used in YAML and JSON: {@code fe} or {@code srv}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The guest interface name: {@code ethfe} or {@code ethsrv}. */
  public String interfaceName() {
    return "eth" + key();
  }
}

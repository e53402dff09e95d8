package dev.ringmaster.reconciler.plan;

import java.util.Locale;

/**
 * What applying a change costs the people using the VM, from least to most severe: {@code live} (no
 * interruption), {@code restart} (needs a VM reboot), {@code destructive} (loses data).
 */
public enum Impact {
  LIVE,
  RESTART,
  DESTRUCTIVE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Impact max(Impact other) {
    return compareTo(other) >= 0 ? this : other;
  }
}

package dev.ringmaster.driver.spi;

import java.util.Locale;

/**
 * What a backup holds: {@code FROZEN} — the guest's file systems were frozen through the QEMU guest
 * agent when the backup began (file-system consistent); {@code CRASH} — taken without the guest's
 * help, as after a power cut (crash-consistent); a shut-off VM's copy is {@code CRASH} too, since a
 * guest that was switched off hard looks the same.
 */
public enum BackupConsistency {
  FROZEN,
  CRASH;

  /** The word used in backup names and output ({@code frozen}, {@code crash}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant for {@link #key()}; null when the word is not one. */
  public static BackupConsistency ofKey(String key) {
    for (BackupConsistency c : values()) {
      if (c.key().equals(key)) {
        return c;
      }
    }
    return null;
  }
}

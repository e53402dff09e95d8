package dev.ringmaster.driver.nixos;

import dev.ringmaster.model.RingmasterException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The platform parts of a guest that the driver observes beside the host config and the accounts:
 * swap active on the swap disk, {@code /tmp} mounted from the tmp disk, and the nftables ruleset as
 * the activation loaded it. Both the Debian activation ({@code guests/debian/ringmaster-activate})
 * and the NixOS module record the digest (SHA-256 of {@code nft list ruleset}) of the ruleset they
 * loaded in {@value #FIREWALL_DIGEST_FILE}; the observed {@code firewall} attribute is {@code
 * activated} while the live ruleset still has that digest, else {@code changed sha256:<live
 * digest>} (or {@code not recorded}). So swapping off, unmounting {@code /tmp} or an {@code nft}
 * command typed by hand is drift, and the next apply re-activates.
 *
 * <p>Observed with one fixed command (one SSH round trip) that never fails: every part prints a
 * value or nothing. Configured by {@code <prefix>observe-platform} (default {@code true}); {@code
 * false} turns the attributes off on both sides (desired and observed), for guests that are not
 * built from Ringmaster's module or activation. Immutable.
 *
 * @param observed whether the attributes exist at all
 */
public record GuestPlatform(boolean observed) {
  public static final String SWAP = "swap";
  public static final String TMP = "tmp";
  public static final String FIREWALL = "firewall";
  public static final String SWAP_DEVICE = "/dev/vdb";
  public static final String TMP_DEVICE = "/dev/vdc";
  public static final String FIREWALL_ACTIVATED = "activated";
  public static final String FIREWALL_DIGEST_FILE = "/var/lib/ringmaster/nftables.sha256";
  public static final GuestPlatform OBSERVED = new GuestPlatform(true);
  public static final GuestPlatform NOT_OBSERVED = new GuestPlatform(false);

  /** The fixed observe command: prints {@code swap=}, {@code tmp=}, {@code firewall=} lines. */
  static final String COMMAND =
      "PATH=/run/current-system/sw/bin:/usr/sbin:/usr/bin:/sbin:/bin; "
          + "echo \"swap=$(swapon --noheadings --show=NAME 2>/dev/null | sort | paste -sd, -)\"; "
          + "echo \"tmp=$(findmnt --noheadings --output SOURCE --mountpoint /tmp 2>/dev/null)\"; "
          + "echo \"live=$(nft list ruleset 2>/dev/null | sha256sum | cut -d' ' -f1)\"; "
          + "echo \"recorded=$(cat "
          + FIREWALL_DIGEST_FILE
          + " 2>/dev/null)\"; true";

  /** Reads {@code <prefix>observe-platform} ({@code true} when absent). */
  public static GuestPlatform from(Map<String, String> config, String prefix) {
    String v = config.get(prefix + "observe-platform");
    if (v == null || v.isBlank() || v.trim().equals("true")) {
      return OBSERVED;
    }
    if (v.trim().equals("false")) {
      return NOT_OBSERVED;
    }
    throw new RingmasterException(prefix + "observe-platform: expected true or false, got " + v);
  }

  /** What Ringmaster's module and activation make of a guest; empty when not observed. */
  public SortedMap<String, String> desired() {
    SortedMap<String, String> m = new TreeMap<>();
    if (observed) {
      m.put(SWAP, SWAP_DEVICE);
      m.put(TMP, TMP_DEVICE);
      m.put(FIREWALL, FIREWALL_ACTIVATED);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** The attributes in the output of {@link #COMMAND}. Pure. */
  static SortedMap<String, String> parse(String output) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        raw.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    SortedMap<String, String> m = new TreeMap<>();
    m.put(SWAP, raw.getOrDefault(SWAP, ""));
    m.put(TMP, raw.getOrDefault(TMP, ""));
    String live = raw.getOrDefault("live", "");
    String recorded = raw.getOrDefault("recorded", "");
    m.put(
        FIREWALL,
        recorded.isEmpty()
            ? "not recorded"
            : recorded.equals(live) ? FIREWALL_ACTIVATED : "changed sha256:" + live);
    return Collections.unmodifiableSortedMap(m);
  }
}

package dev.ringmaster.driver.spi;

import java.util.Locale;

/**
 * Why a backup is only crash-consistent, as a key that fits in a backup's mark name ({@link
 * BackupNames}: lower-case letters, digits and hyphens) and as the sentence shown to users. Keys:
 * {@link #NO_AGENT}, {@link #SHUT_OFF}, and {@code agent-<libvirt's message as a slug>} from {@link
 * #agentDidNotAnswer}. The empty key is "not recorded" (backups named before reasons were). Pure;
 * thread-safe.
 */
public final class CrashReason {
  /** The domain has no QEMU guest agent channel, so no freeze was asked for. */
  public static final String NO_AGENT = "noagent";

  /** The VM was shut off: its volume was copied as its last shutdown left it. */
  public static final String SHUT_OFF = "shutoff";

  private static final String AGENT = "agent-";
  private static final int MAX_SLUG = 60;

  private CrashReason() {}

  /**
   * The key for a freeze that libvirt refused with {@code message} (for example {@code Guest agent
   * is not responding: QEMU guest agent is not connected}): the part after libvirt's generic prefix
   * (up to the first {@code ": "}), lower-cased, every run of other characters a hyphen, at most 60
   * characters.
   */
  public static String agentDidNotAnswer(String message) {
    String m = message == null ? "" : message;
    int colon = m.indexOf(": ");
    if (colon >= 0 && colon + 2 < m.length()) {
      m = m.substring(colon + 2);
    }
    String slug = m.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > MAX_SLUG) {
      slug = slug.substring(0, MAX_SLUG).replaceAll("-$", "");
    }
    return AGENT + (slug.isEmpty() ? "no-message" : slug);
  }

  /** Whether {@code key} is a reason key (or the empty "not recorded" key). */
  public static boolean valid(String key) {
    return key.isEmpty()
        || key.equals(NO_AGENT)
        || key.equals(SHUT_OFF)
        || key.matches(AGENT + "[a-z0-9]+(-[a-z0-9]+)*");
  }

  /** The sentence for {@code key}: {@code guest agent did not answer: qemu guest agent is ...}. */
  public static String describe(String key) {
    if (key == null || key.isEmpty()) {
      return "";
    }
    if (key.equals(NO_AGENT)) {
      return "guest agent channel absent";
    }
    if (key.equals(SHUT_OFF)) {
      return "VM shut off: its disk copied as its last shutdown left it";
    }
    if (key.startsWith(AGENT)) {
      return "guest agent did not answer: " + key.substring(AGENT.length()).replace('-', ' ');
    }
    return key;
  }
}

package dev.ringmaster.reconciler.ui;

import java.util.List;

/** Shared pieces of the dashboard pages: readiness problems and abbreviated commits. */
final class Banner {
  private Banner() {}

  static void problems(Html h, List<String> problems) {
    for (String p : problems) {
      h.box("error", p);
    }
  }

  /** An instant to the second, or "never". */
  static String time(java.time.Instant at) {
    return at == null ? "never" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static String abbrev(String commit) {
    if (commit == null || commit.isEmpty()) {
      return "-";
    }
    return commit.substring(0, Math.min(12, commit.length()));
  }
}

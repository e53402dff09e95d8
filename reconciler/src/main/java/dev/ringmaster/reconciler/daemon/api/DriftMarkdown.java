package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.loop.DriftView;

/** Renders a fleet-wide drift report as Markdown (for pull requests and chat). */
public final class DriftMarkdown {
  private DriftMarkdown() {}

  public static String render(DriftView drift) {
    StringBuilder md = new StringBuilder("# Drift at ").append(drift.commit()).append("\n\n");
    if (drift.entries().isEmpty()) {
      md.append("No drift: the live state matches what was last applied.\n");
    } else {
      md.append("| Environment | Resource | Field | Last applied | Observed |\n");
      md.append("|---|---|---|---|---|\n");
      drift
          .entries()
          .forEach(
              e ->
                  md.append("| ")
                      .append(cell(e.environment().isEmpty() ? "(shared)" : e.environment()))
                      .append(" | ")
                      .append(cell(e.resource()))
                      .append(" | ")
                      .append(cell(e.field()))
                      .append(" | ")
                      .append(cell(e.lastApplied()))
                      .append(" | ")
                      .append(cell(e.observed()))
                      .append(" |\n"));
    }
    if (!drift.unobserved().isEmpty()) {
      md.append("\n## Not observed (drift unknown)\n\n");
      drift
          .unobserved()
          .forEach(
              (h, why) -> md.append("- ").append(h).append(": ").append(cell(why)).append('\n'));
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}

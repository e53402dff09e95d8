package dev.ringmaster.reconciler.ui;

import dev.ringmaster.reconciler.daemon.loop.DriftView;
import java.util.List;

/** {@code /ui/drift}: the fleet drift report of {@code GET /v1/drift}. Pure. */
final class DriftPage {
  private DriftPage() {}

  static String render(DriftView drift, List<String> problems) {
    Html h = Html.page("Drift", 0);
    h.h1("Drift");
    Banner.problems(h, problems);
    h.raw("<p>At commit ").code(drift.commit()).raw("</p>");
    drift.unobserved().forEach((host, why) -> h.box("error", host + " not observed: " + why));
    if (drift.entries().isEmpty()) {
      h.box("empty", "No drift: the live state matches what was last applied.");
      return h.end();
    }
    h.raw("<table id=\"drift\"><tr><th>Environment</th><th>Resource</th><th>Field</th>");
    h.raw("<th>Last applied</th><th>Observed</th></tr>");
    for (DriftView.Entry e : drift.entries()) {
      h.raw("<tr><td>");
      if (e.environment().isEmpty()) {
        h.text("(shared)");
      } else {
        h.link("/ui/environments/" + Html.param(e.environment()), e.environment());
      }
      h.raw("</td><td>").code(e.resource()).raw("</td>").cell(e.field());
      h.cell(e.lastApplied()).cell(e.observed()).raw("</tr>");
    }
    h.raw("</table>");
    return h.end();
  }
}

package dev.ringmaster.reconciler.ui;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.AttributeChange;
import dev.ringmaster.reconciler.review.EnvironmentPlan;
import dev.ringmaster.reconciler.review.PlanSummary;
import dev.ringmaster.reconciler.review.PlannedChange;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import java.util.Locale;

/**
 * {@code /ui/plan?ref=REF}: the pull-request plan of a ref, the same model the pull-request comment
 * ({@link dev.ringmaster.reconciler.review.render.PlanMarkdown}) renders: summary per environment,
 * then each environment's refused, destructive, restart (with window) and live changes, before →
 * after. Pure.
 */
final class PlanPage {
  private PlanPage() {}

  /** The ref form, with the plan below when one was made ({@code plan} null otherwise). */
  static String render(String ref, String base, PullRequestPlan plan, String error) {
    Html h = Html.page(ref == null || ref.isBlank() ? "Plan a ref" : "Plan of " + ref, 0);
    h.h1("Plan of a ref");
    h.raw("<form method=\"get\" action=\"/ui/plan\"><label>Ref (branch, tag or SHA) ");
    h.raw("<input name=\"ref\" required value=\"").text(ref).raw("\"></label> ");
    h.raw("<label>Base (default: the commit in force) <input name=\"base\" value=\"");
    h.text(base).raw("\"></label> <button type=\"submit\">Plan</button></form>");
    if (error != null) {
      h.box("error", error);
    } else if (plan == null) {
      h.box("empty", "Enter a ref to see what merging it would change, against the live state.");
    } else {
      plan(h, plan);
    }
    return h.end();
  }

  private static void plan(Html h, PullRequestPlan plan) {
    h.raw("<p>Base ").code(Banner.abbrev(plan.base())).raw(" → head ");
    h.code(Banner.abbrev(plan.head())).raw(", planned at ").text(plan.plannedAt());
    h.text(plan.live() ? ", against the live state of the hypervisors" : ", against the base");
    h.raw("</p>");
    if (!plan.valid()) {
      h.box("error", "The head does not validate: nothing is planned or applied from it.");
      h.raw("<ul id=\"errors\">");
      plan.errors().forEach(d -> h.raw("<li>").text(diagnostic(d)).raw("</li>"));
      h.raw("</ul>");
      return;
    }
    if (plan.environments().isEmpty()) {
      h.box("empty", "No environment is touched by this change.");
    } else {
      summary(h, plan);
      plan.unreachable().forEach((env, why) -> h.box("error", env + " not planned: " + why));
      plan.environments().forEach(env -> environment(h, env));
    }
    if (!plan.warnings().isEmpty()) {
      h.h2("Warnings").raw("<ul>");
      plan.warnings().forEach(d -> h.raw("<li>").text(diagnostic(d)).raw("</li>"));
      h.raw("</ul>");
    }
  }

  private static void summary(Html h, PullRequestPlan plan) {
    h.raw("<table id=\"summary\"><tr><th>Environment</th><th>Changes</th><th>live</th>");
    h.raw("<th>restart</th><th>destructive</th></tr>");
    for (EnvironmentPlan env : plan.environments()) {
      PlanSummary s = env.summary();
      h.raw("<tr>").cell(env.name());
      h.cell(plan.unreachable().containsKey(env.name()) ? "not planned" : s.text());
      h.number(s.live()).number(s.restart());
      h.raw(s.destructive() > 0 ? "<td class=\"n destructive\">" : "<td class=\"n\">");
      h.text(s.destructive()).raw("</td></tr>");
    }
    h.raw("</table>");
  }

  private static void environment(Html h, EnvironmentPlan env) {
    h.raw("<h2>").code(env.name()).raw(" ").text(env.summary().text()).raw("</h2>");
    for (Refusal r : env.refused()) {
      h.box("error", "Refused: " + r.resource() + ": " + r.reason());
    }
    if (env.changes().isEmpty()) {
      h.box("empty", "No changes.");
      return;
    }
    h.raw("<table class=\"changes\"><tr><th>Impact</th><th>Action</th><th>Resource</th>");
    h.raw("<th>Attributes</th><th>Window / staging</th></tr>");
    for (PlannedChange p : env.changes()) {
      h.raw("<tr><td class=\"").raw(EnvironmentPage.impactClass(p.change().impact()));
      h.raw("\">").text(p.change().impact().key()).raw("</td>");
      h.cell(p.change().action().name().toLowerCase(Locale.ROOT));
      h.raw("<td>").code(p.change().resource().toString()).raw("</td><td>");
      for (AttributeChange a : p.attributes()) {
        h.code(a.name()).raw(": ").text(a.before()).raw(" → ").text(a.after()).raw("<br>");
      }
      if (!p.note().isEmpty()) {
        h.raw("<small>").text(p.note()).raw("</small>");
      }
      h.raw("</td><td>").text(p.window() == null ? "" : p.window().render());
      h.text(p.staging()).raw("</td></tr>");
    }
    h.raw("</table>");
  }

  private static String diagnostic(Diagnostic d) {
    return d.position()
        + " "
        + (d.path().isEmpty() ? "" : d.path() + ": ")
        + d.message()
        + (d.hint().isEmpty() ? "" : "; " + d.hint());
  }
}

package dev.ringmaster.reconciler.review.render;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Refusal;
import dev.ringmaster.reconciler.review.AttributeChange;
import dev.ringmaster.reconciler.review.EnvironmentPlan;
import dev.ringmaster.reconciler.review.PlanSummary;
import dev.ringmaster.reconciler.review.PlannedChange;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link PullRequestPlan} as a pull-request comment (GitHub and GitLab flavoured
 * Markdown): a header naming base and head, a summary table, then per environment its destructive
 * changes in a caution block, its restart changes with their maintenance windows, its live changes,
 * each with before → after values. An invalid head renders its errors with {@code file:line:column}
 * instead. The first line is {@link #MARKER}, so a CI job can find and update its earlier comment.
 * Pure and thread-safe.
 */
public final class PlanMarkdown {
  /** An invisible first line that identifies Ringmaster's comment. */
  public static final String MARKER = "<!-- ringmaster-plan -->";

  private static final int ABBREV = 12;

  private PlanMarkdown() {}

  public static String render(PullRequestPlan plan) {
    StringBuilder md = new StringBuilder();
    header(md, plan);
    if (!plan.valid()) {
      errors(md, plan.errors());
    } else if (plan.environments().isEmpty()) {
      md.append("No environment is touched by this change.\n");
    } else {
      table(md, plan);
      unreachable(md, plan);
      plan.environments()
          .forEach(env -> environment(md, env, plan.unreachable().containsKey(env.name())));
    }
    warnings(md, plan.warnings());
    return md.toString().replaceAll("\n{3,}", "\n\n").stripTrailing() + "\n";
  }

  private static void header(StringBuilder md, PullRequestPlan plan) {
    md.append(MARKER).append('\n');
    md.append(
        plan.valid() ? "### Ringmaster plan\n\n" : "### Ringmaster plan: head is invalid\n\n");
    md.append("Base ")
        .append(code(abbrev(plan.base())))
        .append(" → head ")
        .append(code(abbrev(plan.head())))
        .append(", planned at ")
        .append(plan.plannedAt())
        .append(
            plan.live()
                ? ", against the live state of the hypervisors"
                : ", against the base as live state")
        .append("\n\n");
  }

  private static void unreachable(StringBuilder md, PullRequestPlan plan) {
    if (plan.unreachable().isEmpty()) {
      return;
    }
    md.append("\n> [!WARNING]\n> **Not planned: ")
        .append(count(plan.unreachable().size(), "environment"))
        .append(
            " could not be observed.** Their changes are unknown until the hypervisor answers.\n>\n");
    plan.unreachable()
        .forEach(
            (env, why) ->
                md.append("> - ").append(code(env)).append(": ").append(why).append('\n'));
    md.append('\n');
  }

  private static void errors(StringBuilder md, List<Diagnostic> errors) {
    md.append("> [!CAUTION]\n> **The head does not validate: ")
        .append(count(errors.size(), "error"))
        .append(".** Nothing is planned or applied from it until they are fixed.\n\n");
    errors.forEach(d -> md.append("- ").append(diagnostic(d)).append('\n'));
  }

  private static void warnings(StringBuilder md, List<Diagnostic> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    md.append("\n**Warnings**\n\n");
    warnings.forEach(d -> md.append("- ").append(diagnostic(d)).append('\n'));
  }

  private static String diagnostic(Diagnostic d) {
    StringBuilder s = new StringBuilder(code(d.position().toString())).append(' ');
    if (!d.path().isEmpty()) {
      s.append(d.path()).append(": ");
    }
    s.append(d.message());
    if (!d.hint().isEmpty()) {
      s.append("; ").append(d.hint());
    }
    return s.toString();
  }

  private static void table(StringBuilder md, PullRequestPlan plan) {
    md.append("| Environment | Changes | live | restart | destructive |\n");
    md.append("| --- | --- | ---: | ---: | ---: |\n");
    for (EnvironmentPlan env : plan.environments()) {
      PlanSummary s = env.summary();
      boolean unreachable = plan.unreachable().containsKey(env.name());
      md.append("| ")
          .append(title(env))
          .append(" | ")
          .append(unreachable ? "**not planned**" : code(s.text()))
          .append(" | ")
          .append(s.live())
          .append(" | ")
          .append(s.restart())
          .append(" | ")
          .append(s.destructive() == 0 ? "0" : "**" + s.destructive() + "**")
          .append(" |\n");
    }
  }

  private static void environment(StringBuilder md, EnvironmentPlan env, boolean unreachable) {
    PlanSummary s = env.summary();
    md.append("\n#### ").append(title(env)).append(' ').append(code(s.text()));
    if (s.destructive() > 0) {
      md.append(" — ⚠️ ").append(s.destructive()).append(" destructive");
    }
    md.append("\n\n");
    if (s.total() == 0 && env.refused().isEmpty()) {
      if (unreachable) {
        md.append("Not planned: a hypervisor did not answer (see above).\n");
        return;
      }
      md.append("No changes.\n");
      return;
    }
    refused(md, env.refused());
    destructive(md, env.withImpact(Impact.DESTRUCTIVE));
    group(
        md,
        env.withImpact(Impact.RESTART),
        "Restart",
        "interrupts service, so it runs in the maintenance window shown (if merged now)");
    group(md, env.withImpact(Impact.LIVE), "Live", "no interruption");
  }

  private static String title(EnvironmentPlan env) {
    return EnvironmentPlan.SHARED.equals(env.name())
        ? "Hypervisor networks (shared)"
        : code(env.name());
  }

  private static void refused(StringBuilder md, List<Refusal> refused) {
    if (refused.isEmpty()) {
      return;
    }
    md.append("> [!CAUTION]\n> **Refused: ")
        .append(count(refused.size(), "change"))
        .append(" cannot be made.** The head cannot be applied until this is fixed.\n>\n");
    for (Refusal r : refused) {
      md.append("> - ").append(code(r.resource().toString())).append(": ");
      md.append(r.reason()).append('\n');
    }
    md.append('\n');
  }

  private static void destructive(StringBuilder md, List<PlannedChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    md.append("> [!CAUTION]\n> **Destructive: ")
        .append(count(changes.size(), "change"))
        .append(" will lose data.** Make sure this is intended before merging.\n>\n");
    for (PlannedChange c : changes) {
      change(md, c, "> ");
    }
    md.append('\n');
  }

  private static void group(
      StringBuilder md, List<PlannedChange> changes, String title, String meaning) {
    if (changes.isEmpty()) {
      return;
    }
    md.append("**").append(title).append("** (").append(changes.size()).append("): ");
    md.append(meaning).append("\n\n");
    changes.forEach(c -> change(md, c, ""));
    md.append('\n');
  }

  private static void change(StringBuilder md, PlannedChange planned, String quote) {
    var c = planned.change();
    md.append(quote)
        .append("- **")
        .append(c.action().name().toLowerCase(Locale.ROOT))
        .append("** ")
        .append(code(c.resource().toString()));
    if (planned.window() != null) {
      md.append(" in window ").append(planned.window().render());
    }
    if (!planned.note().isEmpty()) {
      md.append(" — ").append(planned.note());
    }
    md.append('\n');
    if (!planned.staging().isEmpty()) {
      md.append(quote).append("  - **staged:** ").append(planned.staging()).append('\n');
    }
    for (AttributeChange a : planned.attributes()) {
      md.append(quote).append("  - ").append(a.name()).append(": ");
      md.append(value(c.action(), a)).append('\n');
    }
  }

  private static String value(Action action, AttributeChange a) {
    return switch (action) {
      case CREATE -> code(a.after());
      case DELETE -> code(a.before());
      case UPDATE, NO_OP -> code(a.before()) + " → " + code(a.after());
    };
  }

  private static String code(String text) {
    if (text == null) {
      return "(none)";
    }
    if (text.isEmpty()) {
      return "(empty)";
    }
    return "`" + text.replace('`', '\'').replace('\n', ' ') + "`";
  }

  private static String abbrev(String commit) {
    return commit.length() > ABBREV ? commit.substring(0, ABBREV) : commit;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

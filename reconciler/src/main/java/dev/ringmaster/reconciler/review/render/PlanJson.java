package dev.ringmaster.reconciler.review.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.review.AttributeChange;
import dev.ringmaster.reconciler.review.EnvironmentPlan;
import dev.ringmaster.reconciler.review.PlanSummary;
import dev.ringmaster.reconciler.review.PlannedChange;
import dev.ringmaster.reconciler.review.PullRequestPlan;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a {@link PullRequestPlan} as JSON with stable field names (they are an interface: CI
 * scripts read them). Fields: {@code base}, {@code head}, {@code plannedAt}, {@code valid}, {@code
 * exitCode}, {@code summary}, {@code environments[]} ({@code name}, {@code summary}, {@code
 * changes[]} with {@code resource}, {@code kind}, {@code host}, {@code name}, {@code action},
 * {@code impact}, {@code reason}, {@code staging}, {@code attributes[]}, {@code window}; {@code
 * refused[]} with {@code resource} and {@code reason}), {@code live}, {@code unreachable[]} ({@code
 * environment}, {@code reason}) and {@code diagnostics[]}. Enum values are lower case. Pure and
 * thread-safe.
 */
public final class PlanJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private PlanJson() {}

  public static String render(PullRequestPlan plan) {
    try {
      return JSON.writeValueAsString(tree(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new RingmasterException("cannot render the plan as JSON: " + e.getMessage(), e);
    }
  }

  public static ObjectNode tree(PullRequestPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("base", plan.base());
    root.put("head", plan.head());
    root.put("plannedAt", plan.plannedAt().toString());
    root.put("live", plan.live());
    root.put("valid", plan.valid());
    root.put("applicable", !plan.hasRefusals());
    root.put("exitCode", plan.exitCode());
    root.set("summary", summary(plan.summary()));
    ArrayNode envs = root.putArray("environments");
    plan.environments().forEach(e -> envs.add(environment(e)));
    ArrayNode unreachable = root.putArray("unreachable");
    plan.unreachable()
        .forEach((env, why) -> unreachable.addObject().put("environment", env).put("reason", why));
    ArrayNode diagnostics = root.putArray("diagnostics");
    plan.diagnostics().forEach(d -> diagnostics.add(diagnostic(d)));
    return root;
  }

  private static ObjectNode summary(PlanSummary s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("text", s.text());
    n.put("create", s.create());
    n.put("update", s.update());
    n.put("delete", s.delete());
    n.put("live", s.live());
    n.put("restart", s.restart());
    n.put("destructive", s.destructive());
    return n;
  }

  private static ObjectNode environment(EnvironmentPlan env) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", env.name());
    n.set("summary", summary(env.summary()));
    ArrayNode changes = n.putArray("changes");
    env.changes().forEach(c -> changes.add(change(c)));
    ArrayNode refused = n.putArray("refused");
    env.refused()
        .forEach(
            r ->
                refused
                    .addObject()
                    .put("resource", r.resource().toString())
                    .put("reason", r.reason()));
    return n;
  }

  private static ObjectNode change(PlannedChange planned) {
    var c = planned.change();
    ObjectNode n = JSON.createObjectNode();
    n.put("resource", c.resource().toString());
    n.put("kind", c.resource().kind().name().toLowerCase(Locale.ROOT));
    n.put("host", c.resource().host());
    n.put("name", c.resource().name());
    n.put("action", c.action().name().toLowerCase(Locale.ROOT));
    n.put("impact", c.impact().key());
    n.put("reason", c.reason());
    n.put("staging", planned.staging());
    ArrayNode attributes = n.putArray("attributes");
    for (AttributeChange a : planned.attributes()) {
      attributes
          .addObject()
          .put("name", a.name())
          .put("before", a.before())
          .put("after", a.after());
    }
    if (planned.window() == null) {
      n.putNull("window");
    } else {
      n.putObject("window")
          .put("opens", ISO.format(planned.window().opens()))
          .put("closes", ISO.format(planned.window().closes()))
          .put("timezone", planned.window().opens().getZone().getId())
          .put("text", planned.window().render());
    }
    return n;
  }

  private static ObjectNode diagnostic(Diagnostic d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
    n.put("file", d.position().file());
    n.put("line", d.position().line());
    n.put("column", d.position().column());
    n.put("path", d.path());
    n.put("message", d.message());
    n.put("hint", d.hint());
    n.put("text", d.toString());
    return n;
  }
}

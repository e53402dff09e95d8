package dev.ringmaster.reconciler.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.driver.spi.GuestResource;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Change;
import dev.ringmaster.reconciler.plan.GuestChanges;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.plan.Plan;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many service users a gated plan removes, by stage, for {@code plan} and {@code drift} output:
 * {@code retiring} (kept as retired accounts by a guest change this plan applies: newly disabled,
 * or disabled again), {@code retired} (already disabled on an unchanged guest, home kept while the
 * grace period runs), {@code deleting} (homes removed for good; destructive). Immutable; pure
 * functions apart from {@link #marked}, which reads the state store.
 */
public record ServiceUserRemovals(int retiring, int retired, int deleting) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The counts of a gated plan's guest changes. */
  public static ServiceUserRemovals of(Plan plan) {
    int retiring = 0;
    int retired = 0;
    int deleting = 0;
    for (Change c : plan.changes()) {
      int kept = retiredIn(c);
      if (c.action() == Action.NO_OP) {
        retired += kept;
      } else {
        retiring += kept;
      }
      if (c.impact() == Impact.DESTRUCTIVE) {
        deleting += GuestChanges.removedServiceUsers(c).size();
      }
    }
    return new ServiceUserRemovals(retiring, retired, deleting);
  }

  /** Every retired service user marked in the state store (homes kept), by {@code host/vm/user}. */
  public static List<RetiredUser> marked(StateStore store) {
    return List.copyOf(new RetirementState(store).all().values());
  }

  public boolean isEmpty() {
    return retiring == 0 && retired == 0 && deleting == 0;
  }

  /** One line for text output. */
  public String text() {
    return "service users: "
        + retiring
        + " being retired (homes kept), "
        + retired
        + " retired in their grace period (homes kept), "
        + deleting
        + " with homes deleted for good";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("retiring", retiring);
    m.put("retired", retired);
    m.put("deleting", deleting);
    return m;
  }

  private static int retiredIn(Change c) {
    if (!(c.desired() instanceof GuestResource g)) {
      return 0;
    }
    try {
      JsonNode retired = JSON.readTree(g.hostConfigJson()).get("retiredServiceUsers");
      return retired == null ? 0 : retired.size();
    } catch (IOException e) {
      return 0;
    }
  }
}

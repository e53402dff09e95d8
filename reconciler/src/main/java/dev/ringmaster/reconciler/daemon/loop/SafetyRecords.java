package dev.ringmaster.reconciler.daemon.loop;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.model.RingmasterException;
import dev.ringmaster.reconciler.plan.Action;
import dev.ringmaster.reconciler.plan.Impact;
import dev.ringmaster.reconciler.state.JournalEntry;
import dev.ringmaster.reconciler.state.StateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the daemon keeps about deletion safety in the state store's key-value area, so it survives a
 * restart: mass-deletion approvals ({@code approval/mass-delete/<commit>/<environment or *>} to
 * {@code {by, at}}) and each environment's maintenance schedule from its last pass ({@code
 * maintenance/<environment>} to a {@link dev.ringmaster.reconciler.gate.MaintenanceReport} JSON
 * object). Blocking; thread-safe as the store is.
 */
final class SafetyRecords {
  static final String APPROVAL = "approval/mass-delete/";
  static final String MAINTENANCE = "maintenance/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final StateStore store;

  SafetyRecords(StateStore store) {
    this.store = store;
  }

  /** Records the approval and journals it with the approver's name. Idempotent per key. */
  void approve(MassDeleteApproval a) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("by", a.by());
    value.put("at", a.at().toString());
    store.put(approvalKey(a.commit(), a.environment()), write(value));
    String scope = a.environment().isEmpty() ? "every environment" : a.environment();
    store.append(
        new JournalEntry(
            0,
            "approval-" + UUID.randomUUID(),
            a.commit(),
            a.environment(),
            "mass-deletion",
            Action.DELETE,
            Impact.DESTRUCTIVE,
            JournalEntry.Phase.OUTCOME,
            JournalEntry.Outcome.OK,
            "mass deletion approved by "
                + a.by()
                + " for commit "
                + a.commit()
                + " ("
                + scope
                + ")",
            0,
            a.at()));
  }

  /** The approval covering a pass of {@code environment} planned from {@code commit}, if any. */
  Optional<MassDeleteApproval> approval(String commit, String environment) {
    if (!MassDeleteApproval.isFullSha(commit)) {
      return Optional.empty();
    }
    return read(commit, environment).or(() -> read(commit, ""));
  }

  private Optional<MassDeleteApproval> read(String commit, String environment) {
    return store
        .get(approvalKey(commit, environment))
        .map(this::parse)
        .map(
            m ->
                new MassDeleteApproval(
                    commit,
                    environment,
                    String.valueOf(m.get("by")),
                    Instant.parse(String.valueOf(m.get("at")))));
  }

  private static String approvalKey(String commit, String environment) {
    return APPROVAL + commit + "/" + (environment.isEmpty() ? "*" : environment);
  }

  void recordMaintenance(String environment, Map<String, Object> report) {
    store.putDerived(MAINTENANCE + environment, write(report));
  }

  /** Each environment's maintenance schedule as its last pass left it, by environment name. */
  Map<String, Map<String, Object>> maintenance() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    store
        .entries(MAINTENANCE)
        .forEach((k, v) -> out.put(k.substring(MAINTENANCE.length()), parse(v)));
    return out;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new RingmasterException("cannot encode " + value, e);
    }
  }

  private Map<String, Object> parse(String value) {
    try {
      return JSON.readValue(value, OBJECT);
    } catch (IOException e) {
      throw new RingmasterException("state store: corrupt safety record: " + e.getMessage(), e);
    }
  }
}

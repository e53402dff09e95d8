package dev.ringmaster.reconciler.gate;

import dev.ringmaster.driver.spi.ResourceId;
import dev.ringmaster.driver.spi.ResourceKind;
import dev.ringmaster.reconciler.plan.ResourceKindHandler;
import dev.ringmaster.reconciler.plan.ResourceKinds;
import dev.ringmaster.reconciler.state.StateStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The safety gate's memory in the state store's key-value area: when each pending restart change
 * was first seen ({@code known/<resource>/<spec hash>} to an ISO instant), soft-deletion marks
 * ({@code softdelete/<host>/<vm>} to {@code environment TAB instant TAB protected}) and the VMs
 * last seen protected ({@code protected/<host>/<vm>}). Thread-safe as the store is.
 */
public final class SafetyState {
  private static final String KNOWN = "known/";
  private static final String SOFT = "softdelete/";
  private static final String PROTECTED = "protected/";

  /** Every key prefix this class owns in the store's key-value area. */
  public static final List<String> PREFIXES = List.of(KNOWN, SOFT, PROTECTED);

  private final GateEffects effects;

  /** Reads through {@code effects} and writes into them (see {@link GateEffects}). */
  SafetyState(GateEffects effects) {
    this.effects = effects;
  }

  /** Writes what this instance recorded to {@code store} (apply-time marks). */
  void commit(StateStore store) {
    effects.commit(store);
  }

  /** When a change with this spec hash was first seen; records {@code now} when it is new. */
  Instant knownSince(ResourceId resource, String specHash, Instant now) {
    String key = KNOWN + resource + "/" + specHash;
    Optional<Instant> seen = effects.get(key).map(Instant::parse);
    if (seen.isPresent()) {
      return seen.get();
    }
    effects.put(key, now.toString());
    return now;
  }

  /** Forgets when changes of {@code resource} were seen, except the one with {@code keepHash}. */
  void forgetKnown(Map<String, String> known, ResourceId resource, String keepHash) {
    if (known.isEmpty()) {
      return; // the usual case: no restart is waiting, and every change of a pass passes here
    }
    String prefix = KNOWN + resource + "/";
    known.keySet().stream()
        .filter(k -> k.startsWith(prefix) && !k.equals(prefix + keepHash))
        .forEach(effects::delete);
  }

  Map<String, String> allKnown() {
    return effects.entries(KNOWN);
  }

  Map<String, SoftDeletion> softDeletions() {
    Map<String, SoftDeletion> out = new LinkedHashMap<>();
    effects
        .entries(SOFT)
        .forEach(
            (k, v) -> {
              String[] hostVm = k.substring(SOFT.length()).split("/", 2);
              String[] f = v.split("\t", -1);
              if (hostVm.length == 2 && f.length == 3) {
                out.put(
                    hostVm[0] + "/" + hostVm[1],
                    new SoftDeletion(
                        hostVm[0],
                        hostVm[1],
                        f[0],
                        Instant.parse(f[1]),
                        Boolean.parseBoolean(f[2])));
              }
            });
    return out;
  }

  void markSoftDeleted(SoftDeletion s) {
    effects.put(
        SOFT + s.host() + "/" + s.vm(), s.environment() + "\t" + s.at() + "\t" + s.protectedVm());
  }

  void clearSoftDeleted(String host, String vm) {
    effects.delete(SOFT + host + "/" + vm);
  }

  /**
   * {@code host/vm} of every VM last applied (a record of the kind that {@link
   * ResourceKindHandler#standsForVm stands for the VM}) for an environment that {@code
   * environments} accepts, from the store's in-memory last-applied records.
   */
  Set<String> appliedVms(Predicate<String> environments) {
    ResourceKinds kinds = ResourceKinds.installed();
    Set<ResourceKind> vms = kinds.where(ResourceKindHandler::standsForVm);
    Set<String> out = new HashSet<>();
    effects
        .source()
        .lastApplied(r -> vms.contains(r.resource().kind()) && environments.test(r.environment()))
        .records()
        .keySet()
        .forEach(id -> out.add(id.host() + "/" + kinds.of(id).chain(id)));
    return out;
  }

  boolean wasProtected(String host, String vm) {
    return effects.get(PROTECTED + host + "/" + vm).isPresent();
  }

  void rememberProtection(String host, String vm, boolean isProtected) {
    String key = PROTECTED + host + "/" + vm;
    boolean known = effects.get(key).isPresent();
    if (isProtected && !known) {
      effects.put(key, "true");
    } else if (!isProtected && known) {
      effects.delete(key);
    }
  }
}

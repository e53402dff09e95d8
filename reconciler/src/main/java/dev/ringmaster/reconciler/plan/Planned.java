package dev.ringmaster.reconciler.plan;

import dev.ringmaster.driver.spi.DesiredResource;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A handler's decision about one desired resource: a change (possibly a {@code NO_OP}), or a
 * refusal; optionally a note that its endpoint (a guest) could not be observed. Immutable; built by
 * the static factories.
 */
public record Planned(
    Optional<Change> change, Optional<Refusal> refusal, Optional<String> unreachable) {

  /** Creates the missing object: a {@code live} change. */
  public static Planned create(DesiredResource r) {
    return of(
        new Change(
            r.id(),
            r.environment(),
            Action.CREATE,
            Impact.LIVE,
            new TreeMap<>(),
            r.attributes(),
            r,
            "missing"));
  }

  /** {@code NO_OP} when {@code before} equals the desired attributes, else an update. */
  public static Planned compare(
      DesiredResource r, SortedMap<String, String> before, Impact impact) {
    SortedMap<String, String> after = r.attributes();
    boolean equal = before.equals(after);
    return of(
        new Change(
            r.id(),
            r.environment(),
            equal ? Action.NO_OP : Action.UPDATE,
            equal ? Impact.LIVE : impact,
            before,
            after,
            r,
            equal ? "" : Differences.describe(before, after)));
  }

  /** An update with its own reason. */
  public static Planned update(
      DesiredResource r, SortedMap<String, String> before, Impact impact, String reason) {
    return of(
        new Change(
            r.id(), r.environment(), Action.UPDATE, impact, before, r.attributes(), r, reason));
  }

  public static Planned refuse(DesiredResource r, String reason) {
    return new Planned(
        Optional.empty(),
        Optional.of(new Refusal(r.id(), r.environment(), reason)),
        Optional.empty());
  }

  /** Nothing to do (and nothing to show). */
  public static Planned nothing() {
    return new Planned(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Planned of(Change change) {
    return new Planned(Optional.of(change), Optional.empty(), Optional.empty());
  }

  /** This decision, noting that the resource's endpoint could not be observed. */
  public Planned unreachableBecause(String why) {
    return new Planned(change, refusal, Optional.of(why));
  }
}

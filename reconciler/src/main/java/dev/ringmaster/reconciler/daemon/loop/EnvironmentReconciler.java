package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.reconciler.plan.Plan;
import java.time.Instant;
import java.util.List;

/**
 * What the daemon needs from the reconcile engine, and nothing more. Implementations are blocking
 * and thread-safe for distinct environments (the daemon never runs two passes of one environment at
 * once). Failures of one pass are reported in its {@link PassResult}, not thrown; a thrown {@link
 * dev.ringmaster.model.RingmasterException} fails the pass with its message.
 */
public interface EnvironmentReconciler extends AutoCloseable {
  /**
   * One level-based pass: observe, plan and (policy permitting) apply the whole environment at the
   * snapshot's commit. Idempotent. An environment that is no longer in the snapshot has its owned
   * objects removed.
   */
  PassResult reconcile(String environment, RepoSnapshot snapshot, PassOptions options);

  /**
   * The validation errors of the whole fleet at the snapshot's commit; empty when it is valid. The
   * daemon refuses a commit with errors as a whole (see {@link RefusedCommit}). Read-only.
   */
  default List<dev.ringmaster.model.Diagnostic> validate(RepoSnapshot snapshot) {
    return List.of();
  }

  /** The plan the next pass would carry out, computed now. Read-only. */
  Plan plan(String environment, RepoSnapshot snapshot);

  /** The last plan recorded for {@code environment}, if any. Read-only; does not observe. */
  java.util.Optional<LastPlan> lastPlan(String environment);

  /** Fleet-wide drift: observed versus last applied. Read-only. */
  DriftView drift(RepoSnapshot snapshot);

  /** The audit journal, newest first, entries with a sequence below {@code before}. */
  EventPage events(long before, int limit);

  /** Journals one webhook delivery (see {@link Daemon#recordWebhook}); by default not at all. */
  default void recordWebhook(
      String provider, String delivery, String ref, boolean replay, boolean fetch) {}

  /**
   * Records an operator's approval of a mass deletion (durably, journaled with the approver's
   * name): passes planning from the approved commit may exceed the deletion budget. Idempotent.
   */
  default void approveMassDelete(MassDeleteApproval approval) {
    throw new dev.ringmaster.model.RingmasterException(
        "this reconciler cannot record mass-deletion approvals");
  }

  /**
   * Each environment's maintenance schedule as its last pass left it (a {@link
   * dev.ringmaster.reconciler.gate.MaintenanceReport} JSON object plus {@code environment}), by
   * environment name. Read-only; does not observe.
   */
  default java.util.Map<String, java.util.Map<String, Object>> maintenance() {
    return java.util.Map.of();
  }

  /**
   * Asks every hypervisor driver that has a change feed to report hand-made changes of owned
   * objects: {@code changed} receives the owning environment's name, on a driver's event thread.
   * Stand-ins ignore it.
   */
  default void watchHypervisors(java.util.function.Consumer<String> changed) {}

  /**
   * Starts reading, in the background, what the first passes after a start will need from local
   * state (the last-applied records), so that it overlaps the first fetch and the parse of the
   * fleet instead of following them. Returns at once; stand-ins do nothing.
   */
  default void warmUp() {}

  /**
   * Bounds the passes writing to one hypervisor at once to {@code perHost}, letting their planning
   * run concurrently; returns whether this reconciler does so. When it does not (stand-ins), the
   * daemon instead runs at most {@code perHost} whole passes touching one hypervisor at once.
   */
  default boolean boundWritesPerHypervisor(int perHost) {
    return false;
  }

  /**
   * The fleet as loaded and validated at the snapshot's commit (cached per commit), for views;
   * empty for stand-ins or when it cannot be loaded. Read-only; does not observe.
   */
  default java.util.Optional<dev.ringmaster.model.Fleet> fleet(RepoSnapshot snapshot) {
    return java.util.Optional.empty();
  }

  /**
   * Decides and (unless a dry run, held or refused) carries out a restore of a VM's root disk at
   * the snapshot's commit ({@code docs/backups.md#restore}), journaling intent and outcome. The
   * daemon calls it in the VM's environment's slot, so no pass of that environment runs meanwhile.
   * Blocking.
   *
   * @throws RequestRefused NOT_FOUND for a VM the fleet does not declare
   * @throws RestoreFailed when the restore failed part-way
   */
  default RestoreReport restore(RestoreRequest request, RepoSnapshot snapshot, Instant now) {
    throw new RequestRefused(
        RequestRefused.Reason.NOT_READY, "this daemon's reconciler cannot restore backups");
  }

  /** The environments the state store knows (passed before), whether or not Git declares them. */
  java.util.Set<String> knownEnvironments();

  /** What stands in the way now (for readiness), e.g. {@code hypervisor kvm02 unreachable: ...}. */
  List<String> problems();

  /** The engine behind this reconciler, if it is the real one; stand-ins return empty. */
  default java.util.Optional<dev.ringmaster.reconciler.engine.Reconciler> engine() {
    return java.util.Optional.empty();
  }

  /** Flushes and closes the state store. Idempotent. */
  @Override
  void close();
}

package dev.ringmaster.reconciler.plan;

/** What a plan does to one resource. A closed set. */
public enum Action {
  CREATE,
  UPDATE,
  DELETE,
  NO_OP;
}

package dev.ringmaster.model;

/**
 * What the daemon does when the live state of an environment departs from what was last applied:
 * {@code revert} corrects it (default), {@code report} only reports it.
 */
public enum DriftPolicy {
  REVERT,
  REPORT;
}

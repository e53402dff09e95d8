package dev.ringmaster.model;

/**
 * Backup schedules offered by the platform. {@code default}: daily, kept 7 days, 4 weeks and 3
 * months. {@code frequent}: the same plus hourly, kept 24 hours.
 */
public enum Backup {
  DEFAULT,
  FREQUENT;
}

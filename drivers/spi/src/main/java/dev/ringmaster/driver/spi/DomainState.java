package dev.ringmaster.driver.spi;

/** The run state of a domain as observed, reduced to what planning needs. */
public enum DomainState {
  RUNNING,
  PAUSED,
  SHUTOFF,
  /** Crashed, shutting down, blocked or anything else libvirt reports. */
  OTHER;
}

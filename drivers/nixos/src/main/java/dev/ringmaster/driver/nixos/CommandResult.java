package dev.ringmaster.driver.nixos;

/**
 * The outcome of one remote command: exit status (-1 when none was reported), whether it was
 * stopped by a timeout, its standard output, and the tail of its combined output.
 */
record CommandResult(int exitStatus, boolean timedOut, String stdout, String tail) {
  boolean ok() {
    return exitStatus == 0 && !timedOut;
  }
}

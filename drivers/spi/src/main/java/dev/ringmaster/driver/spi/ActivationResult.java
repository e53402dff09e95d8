package dev.ringmaster.driver.spi;

/**
 * The outcome of activating a host config in a guest. Immutable.
 *
 * @param success the activation command exited with status 0 within its timeout
 * @param exitStatus the command's exit status; -1 when it was killed or gave none
 * @param timedOut the command did not finish within the activation timeout
 * @param outputTail the last lines of its combined output (never null)
 * @param rolledBack after a failure: the previous config was put back and re-activated
 * @param rollbackOutputTail the last lines of the re-activation's output; empty when none ran
 */
public record ActivationResult(
    boolean success,
    int exitStatus,
    boolean timedOut,
    String outputTail,
    boolean rolledBack,
    String rollbackOutputTail) {
  public ActivationResult {
    outputTail = outputTail == null ? "" : outputTail;
    rollbackOutputTail = rollbackOutputTail == null ? "" : rollbackOutputTail;
  }

  /** A successful activation with its output. */
  public static ActivationResult succeeded(int exitStatus, String outputTail) {
    return new ActivationResult(true, exitStatus, false, outputTail, false, "");
  }
}

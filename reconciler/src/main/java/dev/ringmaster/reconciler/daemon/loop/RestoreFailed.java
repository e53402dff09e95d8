package dev.ringmaster.reconciler.daemon.loop;

import dev.ringmaster.model.RingmasterException;

/**
 * A restore that started and failed part-way (the journal holds its intent and failed outcome);
 * asking for the same restore again completes it. The message names the VM and the cause.
 */
public final class RestoreFailed extends RingmasterException {
  RestoreFailed(String message, Throwable cause) {
    super(message, cause);
  }
}

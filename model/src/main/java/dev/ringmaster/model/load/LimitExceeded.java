package dev.ringmaster.model.load;

/** Stops reading a file that expands beyond {@link FleetLoader#MAX_NODES_PER_FILE}. */
final class LimitExceeded extends RuntimeException {
  LimitExceeded() {
    super("node limit exceeded", null, false, false);
  }
}

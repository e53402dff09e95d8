package dev.ringmaster.model.load;

/** How much of one file has been read and reported, against the loader's limits. */
final class FileLimits {
  static final int MAX_ERRORS_PER_FILE = 100;

  private int nodes;
  private int errors;

  void visit() {
    if (++nodes > FleetLoader.MAX_NODES_PER_FILE) {
      throw new LimitExceeded();
    }
  }

  boolean admitError() {
    return ++errors <= MAX_ERRORS_PER_FILE;
  }

  int errorsDropped() {
    return Math.max(0, errors - MAX_ERRORS_PER_FILE);
  }
}

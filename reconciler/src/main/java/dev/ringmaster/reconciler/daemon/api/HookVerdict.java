package dev.ringmaster.reconciler.daemon.api;

/**
 * What the webhook endpoint decided about one delivery: rejected (answer 401, queue nothing) or
 * accepted, either for the watched branch (fetch now) or for another branch or event (ignored).
 */
public sealed interface HookVerdict {
  /** The signature or token is missing or wrong. */
  record Rejected(String reason) implements HookVerdict {}

  /** A genuine delivery. {@code ref} is the pushed ref, empty when the event is not a push. */
  record Accepted(String provider, String ref, boolean relevant) implements HookVerdict {}
}

package dev.ringmaster.reconciler.review;

/**
 * One attribute of a planned change: its value before and after. {@code before} is null when the
 * attribute is new, {@code after} null when it goes away. Immutable.
 */
public record AttributeChange(String name, String before, String after) {
  public AttributeChange {
    if (name == null) {
      throw new IllegalArgumentException("name is required");
    }
  }

  public boolean changed() {
    return before == null ? after != null : !before.equals(after);
  }
}

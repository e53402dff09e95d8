package dev.ringmaster.model.hostconfig;

import java.util.List;

final class Checks {
  private Checks() {}

  static void required(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
  }

  static <T> List<T> copy(List<T> list) {
    return List.copyOf(list == null ? List.of() : list);
  }
}

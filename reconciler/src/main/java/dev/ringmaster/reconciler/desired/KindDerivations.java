package dev.ringmaster.reconciler.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The registered {@link KindDerivation}s, loaded once per class loader. */
final class KindDerivations {
  static final List<KindDerivation> INSTALLED = load();

  private KindDerivations() {}

  private static List<KindDerivation> load() {
    List<KindDerivation> out = new ArrayList<>();
    ServiceLoader.load(KindDerivation.class, KindDerivation.class.getClassLoader())
        .forEach(out::add);
    return List.copyOf(out);
  }
}

package dev.ringmaster.reconciler.kinds;

import dev.ringmaster.driver.spi.HostKeyStore;
import dev.ringmaster.reconciler.plan.KindDriverFactory;
import dev.ringmaster.reconciler.seed.SeedSettings;
import dev.ringmaster.reconciler.seed.SeedWriter;
import java.util.List;
import java.util.Map;

/**
 * The {@link SeedWriter} the {@link SeedHandler} writes first-boot seeds with: the management keys
 * of the guest driver's configuration when guests are managed, else none; either way pinning into
 * the engine's host key store, where the guest driver verifies host keys.
 */
public final class SeedWriterFactory implements KindDriverFactory<SeedWriter> {
  @Override
  public Class<SeedWriter> type() {
    return SeedWriter.class;
  }

  @Override
  public SeedWriter create(
      Map<String, String> guestProperties, boolean guestsManaged, HostKeyStore hostKeys) {
    return guestsManaged
        ? SeedSettings.writer(guestProperties, SeedSettings.PREFIX, hostKeys)
        : new SeedWriter(List.of(), hostKeys);
  }
}

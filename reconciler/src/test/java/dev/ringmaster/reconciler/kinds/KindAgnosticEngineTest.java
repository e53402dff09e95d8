package dev.ringmaster.reconciler.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringmaster.driver.spi.ResourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the engine, planner, gate, review and renderers kind-agnostic: outside the {@code kinds}
 * package (the handlers) no main source names a {@link ResourceKind} constant ({@code
 * ResourceKind.DOMAIN}, a static import of one) or switches over resource kinds ({@code case
 * DOMAIN}). What differs between kinds is a property of its handler ({@code partOfVm}, {@code
 * standsForVm}, {@code softDeleted}, {@code carriesAccounts}, {@code appliedRootDisk}, {@code
 * observeApplied}, ...), so a new kind (DNS records, backups) is one handler and one driver.
 *
 * <p>The constants are taken from the enum at run time, so a kind added later is covered too.
 * {@link #ALLOWED} lists files that may name a kind anyway, each with its reason; it is empty: keep
 * it so.
 */
class KindAgnosticEngineTest {
  private static final Path MAIN = Path.of("src/main/java/dev/ringmaster/reconciler");

  /**
   * Files (relative to {@link #MAIN}) allowed to name kinds, with the reason. Only the handlers'
   * package is exempt.
   */
  private static final Set<String> ALLOWED = Set.of();

  private static final String KINDS =
      Arrays.stream(ResourceKind.values()).map(Enum::name).collect(Collectors.joining("|"));

  /** {@code ResourceKind.DOMAIN}, also fully qualified or statically imported. */
  private static final Pattern CONSTANT =
      Pattern.compile("\\bResourceKind\\s*\\.\\s*(" + KINDS + ")\\b");

  /** A {@code case} label naming a kind (a switch over resource kinds). */
  private static final Pattern CASE =
      Pattern.compile("\\bcase\\s+(?:[A-Z_]+\\s*,\\s*)*(" + KINDS + ")\\s*(?:,|:|->)");

  @Test
  void noKindIsNamedOutsideTheHandlers() {
    assertThat(MAIN).isDirectory();
    List<String> found = new ArrayList<>();
    for (Path file : javaFiles()) {
      String relative = MAIN.relativize(file).toString().replace('\\', '/');
      if (relative.startsWith("kinds/") || ALLOWED.contains(relative)) {
        continue;
      }
      String code = withoutComments(read(file));
      find(CONSTANT, code, relative, found);
      find(CASE, code, relative, found);
    }
    assertThat(found)
        .as(
            "kind-specific code outside the kinds package; make it a property of the kind's"
                + " handler (plan.ResourceKindHandler) instead")
        .isEmpty();
  }

  @Test
  void theScanSeesWhatItLooksFor() {
    List<String> found = new ArrayList<>();
    find(CONSTANT, "if (id.kind() == ResourceKind.DOMAIN) {}", "a", found);
    find(CONSTANT, "import static dev.ringmaster.driver.spi.ResourceKind.GUEST;", "b", found);
    find(CASE, "switch (id.kind()) { case NETWORK, VOLUME -> 1; default -> 2; }", "c", found);
    find(CASE, "switch (kind) { case SEED: break; }", "d", found);
    find(CONSTANT, withoutComments("// ResourceKind.DOMAIN\n/* ResourceKind.SEED */"), "e", found);
    find(CASE, "switch (hold.kind()) { case GRACE -> 1; }", "f", found);
    assertThat(found).hasSize(4).allMatch(s -> s.matches("[abcd]:1: .*"));
  }

  private static void find(Pattern pattern, String code, String file, List<String> found) {
    Matcher m = pattern.matcher(code);
    while (m.find()) {
      int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      found.add(file + ":" + line + ": " + m.group());
    }
  }

  /** Comments removed, line breaks kept (so line numbers stay right); strings are left alone. */
  static String withoutComments(String code) {
    Matcher m = Pattern.compile("//[^\n]*|/\\*(?s:.*?)\\*/").matcher(code);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group().replaceAll("[^\n]", "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<Path> javaFiles() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

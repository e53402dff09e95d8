package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Position;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Lists the fleet files of a checked-out repository, refusing symbolic links. */
final class DirectoryScan {
  private DirectoryScan() {}

  static List<SourceFile> scan(Path root, List<Diagnostic> diagnostics) {
    List<SourceFile> files = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      diagnostics.add(
          Diagnostic.error(
              Position.ofFile(root.toString()),
              "",
              "not a directory",
              "give the root of a fleet repository (it holds hosts/ and environments/)"));
      return files;
    }
    boolean any = false;
    for (String name : FleetLoader.ROOTS) {
      Path dir = root.resolve(name);
      if (Files.isSymbolicLink(dir)) {
        diagnostics.add(symlink(name));
      } else if (Files.isDirectory(dir)) {
        any = true;
        walk(root, dir, files, diagnostics);
      }
    }
    if (!any) {
      diagnostics.add(
          Diagnostic.warning(
              Position.ofFile(root.toString()),
              "",
              "neither hosts/ nor environments/ exists here",
              "give the root of a fleet repository"));
    }
    return files;
  }

  private static void walk(
      Path root, Path dir, List<SourceFile> files, List<Diagnostic> diagnostics) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted().toList()) {
        String relative = relative(root, p);
        if (Files.isSymbolicLink(p)) {
          diagnostics.add(symlink(relative));
        } else if (Files.isRegularFile(p)) {
          files.add(new SourceFile(relative, Files.size(p), () -> readBounded(p)));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      diagnostics.add(
          Diagnostic.error(
              Position.ofFile(relative(root, dir)),
              "",
              "cannot list the directory: " + e.getMessage(),
              ""));
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
  }

  private static Diagnostic symlink(String relative) {
    return Diagnostic.error(
        Position.ofFile(relative),
        "",
        "symbolic links are refused",
        "replace the link by the file or directory itself");
  }

  private static byte[] readBounded(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes((int) FleetLoader.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

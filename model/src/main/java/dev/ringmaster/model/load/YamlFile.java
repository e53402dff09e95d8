package dev.ringmaster.model.load;

import dev.ringmaster.model.Diagnostic;
import dev.ringmaster.model.Position;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the bytes of one file into YAML node trees within the loader's limits. */
final class YamlFile {
  private final String path;
  private final List<Diagnostic> diagnostics;

  YamlFile(String path, List<Diagnostic> diagnostics) {
    this.path = path;
    this.diagnostics = diagnostics;
  }

  void read(byte[] bytes, DocumentReader reader) {
    String text = decode(bytes);
    if (text == null) {
      return;
    }
    FileLimits limits = new FileLimits();
    Doc doc = new Doc(path, diagnostics, limits);
    try {
      for (Node root : new Yaml(options()).composeAll(new StringReader(text))) {
        if (root != null) {
          doc = new Doc(path, diagnostics, limits);
          reader.read(doc, root);
        }
      }
    } catch (MarkedYAMLException e) {
      diagnostics.add(malformed(doc, e));
    } catch (YAMLException e) {
      diagnostics.add(limit(e));
    } catch (LimitExceeded e) {
      diagnostics.add(
          Diagnostic.error(
              Position.ofFile(path),
              "",
              "the file expands to more than " + FleetLoader.MAX_NODES_PER_FILE + " YAML nodes",
              "write the values out instead of repeating aliases"));
    }
    if (limits.errorsDropped() > 0) {
      diagnostics.add(
          Diagnostic.error(
              Position.ofFile(path),
              "",
              limits.errorsDropped() + " more problems in this file are not shown",
              "fix the ones shown first"));
    }
  }

  private static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(FleetLoader.MAX_ALIASES);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(FleetLoader.MAX_DEPTH);
    o.setCodePointLimit((int) FleetLoader.MAX_FILE_BYTES + 1);
    o.setProcessComments(false);
    return o;
  }

  private String decode(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      diagnostics.add(
          Diagnostic.error(
              Position.ofFile(path), "", "the file is not valid UTF-8", "save it as UTF-8"));
      return null;
    }
  }

  private Diagnostic malformed(Doc doc, MarkedYAMLException e) {
    var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() == null ? "syntax error" : e.getProblem().trim();
    String context = e.getContext() == null ? "" : " (" + e.getContext().trim() + ")";
    return Diagnostic.error(
        doc.position(mark),
        "",
        "malformed YAML: " + problem.replace('\n', ' ') + context.replace('\n', ' '),
        "check the indentation, the colons and the quoting on this line");
  }

  private Diagnostic limit(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    String message;
    if (m.contains("aliases")) {
      message = "more than " + FleetLoader.MAX_ALIASES + " aliases to lists or mappings";
    } else if (m.contains("Nesting Depth")) {
      message = "nested deeper than " + FleetLoader.MAX_DEPTH + " levels";
    } else if (m.contains("exceeds the limit")) {
      message = "more than " + FleetLoader.MAX_FILE_BYTES + " characters";
    } else {
      message = "unreadable YAML: " + m.replace('\n', ' ');
    }
    return Diagnostic.error(
        Position.ofFile(path), "", message, "write the values out plainly; such input is refused");
  }
}

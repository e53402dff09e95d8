package dev.ringmaster.model.load;

import dev.ringmaster.model.Size;
import dev.ringmaster.model.validate.Names;
import dev.ringmaster.model.validate.Nearest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping, checked against the keys allowed there (unknown and duplicate keys
 * are reported), with typed getters that record positions and report wrong values. Getters return
 * null when a value is absent or unusable (after reporting it).
 */
final class Fields {
  private static final Pattern INTEGER = Pattern.compile("^[-+]?\\d{1,9}$");
  private static final Pattern PASSWORD = Pattern.compile("(?i).*pass(word|wd)?.*");

  private final Doc doc;
  private final Node node;
  private final String path;
  private final Map<String, NodeTuple> values = new LinkedHashMap<>();

  private Fields(Doc doc, MappingNode node, String path, List<String> known) {
    this.doc = doc;
    this.node = node;
    this.path = path;
    collect(node, known);
  }

  /** The mapping at {@code node}, or null (reported) when it is something else. */
  static Fields of(Doc doc, Node node, String path, List<String> known) {
    doc.visit();
    doc.record(path, node);
    if (node instanceof MappingNode m) {
      return new Fields(doc, m, path, known);
    }
    doc.error(node, path, "expected a mapping of " + String.join(", ", known), "");
    return null;
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  private void collect(MappingNode mapping, List<String> known) {
    Map<String, Node> firstKeys = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      doc.visit();
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar)) {
        doc.error(keyNode, path, "keys must be plain words", "");
        continue;
      }
      String key = scalar.getValue();
      Node first = firstKeys.putIfAbsent(key, keyNode);
      if (first != null) {
        doc.error(
            keyNode,
            Doc.join(path, key),
            "duplicate key "
                + Names.quote(key)
                + " (first written at line "
                + doc.position(first).line()
                + ")",
            "remove one of the two");
      } else if (!known.contains(key)) {
        unknownKey(keyNode, key, known);
      } else {
        values.put(key, tuple);
      }
    }
  }

  private void unknownKey(Node keyNode, String key, List<String> known) {
    String at = Doc.join(path, key);
    if (PASSWORD.matcher(key).matches()) {
      doc.error(
          keyNode,
          at,
          "passwords are not supported: users log in with SSH keys only",
          "remove " + key + " and list the user's public keys under sshKeys");
      return;
    }
    String nearest = Nearest.of(key, known).orElse("");
    doc.error(
        keyNode,
        at,
        "unknown key " + Names.quote(key),
        "did you mean " + nearest + "? (allowed here: " + String.join(", ", known) + ")");
  }

  boolean has(String key) {
    return value(key) != null;
  }

  /** The value node of {@code key} (position recorded), or null when absent or YAML null. */
  Node value(String key) {
    NodeTuple t = values.get(key);
    if (t == null) {
      return null;
    }
    doc.record(Doc.join(path, key), t.getValueNode());
    Node v = t.getValueNode();
    return v instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) ? null : v;
  }

  /** Reports {@code key} as missing when it is absent. */
  void require(String key) {
    if (!has(key)) {
      missing(key);
    }
  }

  private void missing(String key) {
    doc.error(node, path, "missing required key " + key, "add " + key + ": ...");
  }

  /** A scalar's text, trimmed; null when absent (reported if required) or not a scalar. */
  String text(String key, boolean required) {
    Node v = value(key);
    if (v == null) {
      if (required) {
        missing(key);
      }
      return null;
    }
    return scalar(v, Doc.join(path, key));
  }

  String scalar(Node v, String at) {
    doc.visit();
    if (v instanceof ScalarNode s) {
      return s.getValue().trim();
    }
    doc.error(v, at, "expected a single value, found a " + kindOf(v), "");
    return null;
  }

  static String kindOf(Node v) {
    return v instanceof SequenceNode ? "list" : v instanceof MappingNode ? "mapping" : "value";
  }

  /** A name matching {@code pattern}; a malformed name is reported and still returned. */
  String name(String key, Pattern pattern, String rule, boolean required) {
    String value = text(key, required);
    if (value != null) {
      Names.problem(value, pattern, rule).ifPresent(p -> doc.error(value(key), at(key), p, ""));
    }
    return value;
  }

  String at(String key) {
    return Doc.join(path, key);
  }

  /** A whole number within [min, max]; null when absent or wrong (reported). */
  Integer integer(String key, boolean required, int min, int max, String what) {
    String value = text(key, required);
    if (value == null) {
      return null;
    }
    if (!INTEGER.matcher(value).matches()) {
      doc.error(
          value(key), at(key), Names.quote(value) + " is not a whole number", "write " + what);
      return null;
    }
    int n = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
    if (n < min || n > max) {
      doc.error(
          value(key),
          at(key),
          Names.quote(value) + " is out of range " + min + ".." + max,
          "write " + what);
      return null;
    }
    return n;
  }

  /** {@code true} or {@code false}; {@code fallback} when absent or wrong (reported). */
  boolean bool(String key, boolean fallback) {
    String value = text(key, false);
    if (value == null) {
      return fallback;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    doc.error(value(key), at(key), Names.quote(value) + " is not a boolean", "write true or false");
    return fallback;
  }

  /** A size with a binary unit; null when absent or malformed (reported). */
  Size size(String key, boolean required) {
    String value = text(key, required);
    if (value == null) {
      return null;
    }
    return Size.parse(value).orElseGet(() -> badSize(key, value));
  }

  private Size badSize(String key, String value) {
    String hint =
        Size.suggest(value)
            .map(s -> "write " + s)
            .orElse("write a positive whole number with MiB, GiB or TiB, such as 4GiB");
    doc.error(value(key), at(key), Names.quote(value) + " is not a size", hint);
    return null;
  }

  /** One of {@code choices}; {@code fallback} when absent or unknown (reported). */
  String choice(String key, List<String> choices, String fallback) {
    String value = text(key, false);
    if (value == null) {
      return fallback;
    }
    if (choices.contains(value)) {
      return value;
    }
    doc.error(
        value(key),
        at(key),
        Names.quote(value) + " is not one of " + String.join(", ", choices),
        "write " + Nearest.of(value, choices).orElse(fallback));
    return fallback;
  }

  /** A nested mapping; null when absent (reported if required) or not a mapping. */
  Fields mapping(String key, List<String> known, boolean required) {
    Node v = value(key);
    if (v == null) {
      if (required) {
        missing(key);
      }
      return null;
    }
    return of(doc, v, at(key), known);
  }

  /** The items of a list with their paths ({@code key[i]}); empty when absent or not a list. */
  List<Map.Entry<String, Node>> items(String key) {
    Node v = value(key);
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof SequenceNode seq)) {
      doc.error(v, at(key), "expected a list, found a " + kindOf(v), "write [a, b] or - items");
      return out;
    }
    List<Node> children = seq.getValue();
    for (int i = 0; i < children.size(); i++) {
      doc.visit();
      String itemPath = at(key) + "[" + i + "]";
      doc.record(itemPath, children.get(i));
      out.add(Map.entry(itemPath, children.get(i)));
    }
    return out;
  }

  /** A list of single values; empty when absent. Non-scalar items are reported and skipped. */
  List<String> texts(String key) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Node> item : items(key)) {
      String s = scalar(item.getValue(), item.getKey());
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  Doc doc() {
    return doc;
  }
}

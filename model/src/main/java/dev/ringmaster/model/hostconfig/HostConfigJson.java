package dev.ringmaster.model.hostconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.model.Derived;
import dev.ringmaster.model.RingmasterException;
import java.util.List;

/**
 * The canonical JSON form of a {@link HostConfig}: members in a fixed, documented order (see {@code
 * docs/guests.md}), absent values omitted, pretty-printed with two spaces and a final newline. The
 * content hash is the lower-case hex SHA-256 of the compact form (no whitespace) of the document
 * without its {@code contentHash} member. Thread-safe.
 */
public final class HostConfigJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String HASH = "contentHash";
  private static final String RETIRED = "retiredServiceUsers";

  private HostConfigJson() {}

  /** The document a VM receives, {@code contentHash} included. */
  public static String toJson(HostConfig config) {
    return write(tree(config), true);
  }

  /** The content hash {@code config} should carry (its own {@code contentHash} is ignored). */
  public static String contentHash(HostConfig config) {
    ObjectNode tree = tree(config);
    tree.remove(HASH);
    return Derived.sha256Hex(write(tree, false));
  }

  /**
   * Recomputes the content hash of an installed document, so that a document edited by hand no
   * longer matches the hash it claims.
   *
   * @throws RingmasterException when {@code json} is not a JSON object
   */
  public static String contentHashOf(String json) {
    ObjectNode tree = object(json);
    tree.remove(HASH);
    return Derived.sha256Hex(write(tree, false));
  }

  /**
   * {@code json} with its {@code retiredServiceUsers} member set to {@code retired} (sorted by
   * name; placed right after {@code serviceUsers}, else last; omitted when empty) and its content
   * hash recomputed. Pure; the rest of the document is kept as it is.
   *
   * @throws RingmasterException when {@code json} is not a JSON object
   */
  public static String withRetiredServiceUsers(String json, List<HostRetiredServiceUser> retired) {
    ObjectNode in = object(json);
    ObjectNode out = MAPPER.createObjectNode();
    in.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals(RETIRED) && !e.getKey().equals(HASH)) {
                out.set(e.getKey(), e.getValue());
              }
              if (e.getKey().equals("serviceUsers") && !retired.isEmpty()) {
                retired(out.putArray(RETIRED), retired);
              }
            });
    if (!retired.isEmpty() && !out.has(RETIRED)) {
      retired(out.putArray(RETIRED), retired);
    }
    out.put(HASH, "");
    ObjectNode unhashed = out.deepCopy();
    unhashed.remove(HASH);
    out.put(HASH, Derived.sha256Hex(write(unhashed, false)));
    return write(out, true);
  }

  private static ObjectNode object(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RingmasterException("host config is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode tree)) {
      throw new RingmasterException("host config is not a JSON object");
    }
    return tree;
  }

  private static void retired(ArrayNode array, List<HostRetiredServiceUser> retired) {
    retired.stream()
        .sorted(java.util.Comparator.comparing(HostRetiredServiceUser::name))
        .forEach(
            r -> {
              ObjectNode o = array.addObject();
              o.put("name", r.name());
              o.put("uid", r.uid());
              o.put("home", r.home());
              o.put("group", r.group());
              o.put("deleteAfter", r.deleteAfter().toString());
            });
  }

  private static String write(JsonNode tree, boolean pretty) {
    try {
      return pretty
          ? MAPPER.writeValueAsString(tree) + "\n"
          : MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static ObjectNode tree(HostConfig c) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("schema", HostConfig.SCHEMA);
    o.put("name", c.name());
    o.put("resourceGroup", c.resourceGroup());
    o.put("environment", c.environment());
    o.put("location", c.location());
    o.put("production", c.production());
    strings(o.putArray("roles"), c.roles());
    if (!c.platformRoles().isEmpty()) {
      ObjectNode platform = o.putObject("platformRoles");
      c.platformRoles().forEach(platform::put);
    }
    ArrayNode interfaces = o.putArray("interfaces");
    c.interfaces().forEach(i -> iface(interfaces.addObject(), i));
    ArrayNode users = o.putArray("users");
    c.users().forEach(u -> user(users.addObject(), u));
    ArrayNode service = o.putArray("serviceUsers");
    c.serviceUsers().forEach(s -> serviceUser(service.addObject(), s));
    maintenance(o.putObject("maintenance"), c.maintenance());
    backup(o.putObject("backup"), c.backup());
    o.put(HASH, c.contentHash());
    return o;
  }

  private static void iface(ObjectNode o, HostInterface i) {
    o.put("network", i.network());
    o.put("name", i.name());
    o.put("mac", i.mac());
    o.put("vlan", i.vlan());
    ip(o, "ipv4", i.ipv4());
    ip(o, "ipv6", i.ipv6());
  }

  private static void ip(ObjectNode parent, String field, HostInterface.IpConfig ip) {
    if (ip != null) {
      ObjectNode o = parent.putObject(field);
      o.put("address", ip.address());
      o.put("prefixLength", ip.prefixLength());
      o.put("gateway", ip.gateway());
    }
  }

  private static void user(ObjectNode o, HostUser u) {
    o.put("name", u.name());
    o.put("uid", u.uid());
    strings(o.putArray("sshKeys"), u.sshKeys());
    strings(o.putArray("groups"), u.groups());
  }

  private static void serviceUser(ObjectNode o, HostServiceUser s) {
    o.put("name", s.name());
    o.put("uid", s.uid());
    o.put("home", s.home());
    o.put("group", s.group());
  }

  private static void maintenance(ObjectNode o, HostMaintenance m) {
    o.put("window", m.window());
    o.put("timezone", m.timezone());
    o.put("leadTimeMinutes", m.leadTimeMinutes());
  }

  private static void backup(ObjectNode o, HostBackup b) {
    o.put("schedule", b.schedule());
    ObjectNode keep = o.putObject("keep");
    keep.put("hourly", b.hourly());
    keep.put("daily", b.daily());
    keep.put("weekly", b.weekly());
    keep.put("monthly", b.monthly());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}

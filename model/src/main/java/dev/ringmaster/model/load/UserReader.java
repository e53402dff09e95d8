package dev.ringmaster.model.load;

import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.UserSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an environment's {@code users} and {@code serviceUsers}. */
final class UserReader {
  private static final List<String> USER_KEYS = List.of("name", "uid", "sshKeys", "permissions");
  private static final List<String> SERVICE_KEYS = List.of("name", "uid");

  private UserReader() {}

  static List<UserSpec> users(Fields env) {
    List<UserSpec> out = new ArrayList<>();
    for (Map.Entry<String, Node> item : env.items("users")) {
      Fields f = Fields.of(env.doc(), item.getValue(), item.getKey(), USER_KEYS);
      if (f == null) {
        continue;
      }
      String name = f.text("name", true);
      Integer uid = f.integer("uid", true, 0, Integer.MAX_VALUE, "a uid such as 1001");
      f.require("sshKeys");
      out.add(
          new UserSpec(
              name == null ? "" : name,
              uid == null ? 0 : uid,
              f.texts("sshKeys"),
              f.texts("permissions")));
    }
    return out;
  }

  static List<ServiceUserSpec> serviceUsers(Fields env) {
    List<ServiceUserSpec> out = new ArrayList<>();
    for (Map.Entry<String, Node> item : env.items("serviceUsers")) {
      Fields f = Fields.of(env.doc(), item.getValue(), item.getKey(), SERVICE_KEYS);
      if (f == null) {
        continue;
      }
      String name = f.text("name", true);
      Integer uid = f.integer("uid", false, 0, Integer.MAX_VALUE, "a uid such as 60100");
      out.add(new ServiceUserSpec(name == null ? "" : name, uid));
    }
    return out;
  }
}

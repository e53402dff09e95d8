package dev.ringmaster.model.load;

import dev.ringmaster.model.ResourceGroup;
import dev.ringmaster.model.validate.Names;
import java.util.List;

/** Reads a {@code kind: ResourceGroup} document: its name, users and service users. */
final class ResourceGroupReader {
  static final List<String> KEYS = List.of("apiVersion", "kind", "name", "users", "serviceUsers");

  private static final String GROUP_RULE =
      "write lower case letters and digits without dashes, starting with a letter, such as myapp";

  private ResourceGroupReader() {}

  static ResourceGroup read(Fields f) {
    String name = f.name("name", Names.RESOURCE_GROUP, GROUP_RULE, true);
    return new ResourceGroup(
        name == null ? "" : name,
        UserReader.users(f),
        UserReader.serviceUsers(f),
        f.doc().sourceMap());
  }
}

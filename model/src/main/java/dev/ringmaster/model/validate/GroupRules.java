package dev.ringmaster.model.validate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.ResourceGroup;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.UserSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Resource groups and their environments: a name declared on a group may not be declared again on
 * one of its environments (error naming both places); a group without environments is a warning; a
 * user declared identically in every environment of a group (two or more) is a warning that
 * suggests moving it to the group's file.
 */
final class GroupRules {
  private final Fleet fleet;
  private final Report report;

  GroupRules(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  /** The environments, then every resource group seen as an environment holding its users. */
  static List<Environment> withGroups(Fleet fleet) {
    List<Environment> out = new ArrayList<>(fleet.environments());
    fleet.resourceGroups().forEach(g -> out.add(g.asEnvironment()));
    return out;
  }

  void check() {
    for (ResourceGroup group : fleet.resourceGroups()) {
      List<Environment> members =
          fleet.environments().stream()
              .filter(e -> group.name().equals(e.resourceGroup()))
              .toList();
      if (members.isEmpty()) {
        report.warning(
            group.source(),
            "name",
            "resource group " + group.name() + " has no environments",
            "give an environment resourceGroup: " + group.name() + ", or remove the file");
      }
      for (Environment env : members) {
        clashes(group, env);
      }
    }
    suggestMoves();
  }

  private void clashes(ResourceGroup group, Environment env) {
    for (int i = 0; i < env.users().size(); i++) {
      clash(group, env, env.users().get(i).name(), "users[" + i + "].name");
    }
    for (int i = 0; i < env.serviceUsers().size(); i++) {
      clash(group, env, env.serviceUsers().get(i).name(), "serviceUsers[" + i + "].name");
    }
  }

  private void clash(ResourceGroup group, Environment env, String name, String path) {
    String there = declaredAt(group, name);
    if (name == null || there == null) {
      return;
    }
    report.error(
        env.source(),
        path,
        name
            + " is declared both here and on resource group "
            + group.name()
            + " at "
            + Report.at(group.source(), there),
        "declare it once: remove it here, or from resource-groups/" + group.name() + ".yaml");
  }

  private static String declaredAt(ResourceGroup group, String name) {
    for (int i = 0; i < group.users().size(); i++) {
      if (group.users().get(i).name().equals(name)) {
        return "users[" + i + "].name";
      }
    }
    for (int i = 0; i < group.serviceUsers().size(); i++) {
      ServiceUserSpec s = group.serviceUsers().get(i);
      if (s.name().equals(name)) {
        return "serviceUsers[" + i + "].name";
      }
    }
    return null;
  }

  private void suggestMoves() {
    List<String> groups =
        fleet.environments().stream().map(Environment::resourceGroup).distinct().toList();
    for (String group : groups) {
      if (group == null) {
        continue;
      }
      List<Environment> members =
          fleet.environments().stream().filter(e -> group.equals(e.resourceGroup())).toList();
      if (members.size() < 2) {
        continue;
      }
      Environment first = members.get(0);
      for (int i = 0; i < first.users().size(); i++) {
        UserSpec user = first.users().get(i);
        boolean everywhere =
            members.stream().allMatch(e -> e.users().stream().anyMatch(u -> same(u, user)));
        if (everywhere) {
          report.warning(
              first.source(),
              "users[" + i + "]",
              "user "
                  + user.name()
                  + " is declared identically in all "
                  + members.size()
                  + " environments of resource group "
                  + group,
              "move it to resource-groups/" + group + ".yaml and remove it from the environments");
        }
      }
    }
  }

  private static boolean same(UserSpec a, UserSpec b) {
    return a.name().equals(b.name())
        && a.uid() == b.uid()
        && a.sshKeys().equals(b.sshKeys())
        && a.permissions().stream()
            .sorted()
            .toList()
            .equals(b.permissions().stream().sorted().toList());
  }
}

package dev.ringmaster.model.validate;

import dev.ringmaster.model.Derived;
import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.ServiceUserSpec;
import dev.ringmaster.model.UserSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Human users, their keys and permissions, and service users with uids stable per group. */
final class UserRules {
  static final int MIN_HUMAN_UID = 1000;
  static final int MAX_HUMAN_UID = 59999;

  private final Fleet fleet;
  private final Report report;
  private final Map<String, ServiceUid> serviceUids = new HashMap<>();

  private record ServiceUid(int uid, Position where) {}

  UserRules(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  void check() {
    for (Environment env : GroupRules.withGroups(fleet)) {
      Map<String, Position> names = new HashMap<>();
      Map<Integer, Position> uids = new HashMap<>();
      List<UserSpec> users = env.users();
      for (int i = 0; i < users.size(); i++) {
        human(env, users.get(i), "users[" + i + "]", names, uids);
      }
      List<ServiceUserSpec> services = env.serviceUsers();
      for (int i = 0; i < services.size(); i++) {
        service(env, services.get(i), "serviceUsers[" + i + "]", names);
      }
    }
  }

  private void human(
      Environment env,
      UserSpec user,
      String path,
      Map<String, Position> names,
      Map<Integer, Position> uids) {
    humanName(env, user.name(), path + ".name");
    unique(
        env,
        path + ".name",
        "user " + user.name(),
        names.putIfAbsent(user.name(), here(env, path + ".name")));
    if (user.uid() < MIN_HUMAN_UID || user.uid() > MAX_HUMAN_UID) {
      report.error(
          env.source(),
          path + ".uid",
          "uid " + user.uid() + " is outside " + MIN_HUMAN_UID + ".." + MAX_HUMAN_UID,
          "human users get uids from " + MIN_HUMAN_UID + " to " + MAX_HUMAN_UID);
    } else {
      unique(
          env,
          path + ".uid",
          "uid " + user.uid(),
          uids.putIfAbsent(user.uid(), here(env, path + ".uid")));
    }
    keys(env, user, path);
    permissions(env, user, path);
  }

  private void humanName(Environment env, String name, String at) {
    if (name.startsWith("s-")) {
      report.error(
          env.source(),
          at,
          "human user "
              + Names.quote(name)
              + " starts with s-, which is reserved for service users",
          "rename the user, or list it under serviceUsers if it runs an application");
    } else if (!Names.POSIX_USER.matcher(name).matches()) {
      report.error(
          env.source(),
          at,
          Names.quote(name) + " is not a POSIX user name",
          "write lower case letters, digits, _ and -, starting with a letter, at most 32");
    }
  }

  private void unique(Environment env, String at, String what, Position first) {
    if (first != null) {
      report.error(
          env.source(),
          at,
          what + " is already used at " + first,
          "each user needs its own name and uid within an environment");
    }
  }

  private static Position here(Environment env, String path) {
    return Report.at(env.source(), path);
  }

  private void keys(Environment env, UserSpec user, String path) {
    if (user.sshKeys().isEmpty()) {
      report.warning(
          env.source(),
          path + ".sshKeys",
          "user " + user.name() + " has no SSH keys and cannot log in",
          "add the user's public key");
    }
    for (int k = 0; k < user.sshKeys().size(); k++) {
      String key = user.sshKeys().get(k);
      int index = k;
      OpenSshKeys.problem(key)
          .ifPresent(
              p ->
                  report.error(
                      env.source(),
                      path + ".sshKeys[" + index + "]",
                      Names.quote(key) + " is not an OpenSSH public key: " + p,
                      "paste the one line of the user's ~/.ssh/id_ed25519.pub"));
    }
  }

  private void permissions(Environment env, UserSpec user, String path) {
    for (int p = 0; p < user.permissions().size(); p++) {
      String permission = user.permissions().get(p);
      if (!PermissionCatalogue.contains(permission)) {
        report.error(
            env.source(),
            path + ".permissions[" + p + "]",
            "unknown permission " + Names.quote(permission),
            "did you mean " + PermissionCatalogue.nearest(permission).orElse("login") + "?");
      }
    }
  }

  private void service(
      Environment env, ServiceUserSpec user, String path, Map<String, Position> names) {
    String name = user.name();
    if (!Names.SERVICE_USER.matcher(name).matches()) {
      String hint =
          name.startsWith("s-")
              ? "write s- and lower case letters, digits, _ or -"
              : "service user names start with s-; write s-" + name;
      report.error(
          env.source(),
          path + ".name",
          "service user " + Names.quote(name) + " does not start with s- and a POSIX name",
          hint);
    }
    unique(env, path + ".name", "user " + name, names.putIfAbsent(name, here(env, path + ".name")));
    sameUid(env, user, path);
  }

  private void sameUid(Environment env, ServiceUserSpec user, String path) {
    if (env.resourceGroup() == null) {
      return;
    }
    int uid = Derived.serviceUid(user);
    String at = user.uid() != null ? path + ".uid" : path + ".name";
    ServiceUid first =
        serviceUids.putIfAbsent(
            env.resourceGroup() + "/" + user.name(), new ServiceUid(uid, here(env, at)));
    if (first != null && first.uid() != uid) {
      report.error(
          env.source(),
          at,
          "service user "
              + user.name()
              + " has uid "
              + uid
              + " here but "
              + first.uid()
              + " at "
              + first.where(),
          "a service user's uid is the same in every environment of resource group "
              + env.resourceGroup()
              + "; write uid: "
              + first.uid()
              + " or leave uid out everywhere");
    }
  }
}

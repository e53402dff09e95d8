package dev.ringmaster.model.validate;

import dev.ringmaster.model.Environment;
import dev.ringmaster.model.Fleet;
import dev.ringmaster.model.Position;
import dev.ringmaster.model.UserSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person has one uid in the whole fleet: a human user declared in several environments (of any
 * resource group) with different uids is an error naming both places, as is one uid given to two
 * different people.
 */
final class PersonUids {
  private final Fleet fleet;
  private final Report report;

  private record Seen(String name, int uid, String environment, Position where) {}

  PersonUids(Fleet fleet, Report report) {
    this.fleet = fleet;
    this.report = report;
  }

  void check() {
    Map<String, Seen> byName = new HashMap<>();
    Map<Integer, Seen> byUid = new HashMap<>();
    for (Environment env : fleet.environments()) {
      List<UserSpec> users = env.users();
      for (int i = 0; i < users.size(); i++) {
        UserSpec user = users.get(i);
        if (user == null || user.name() == null) {
          continue;
        }
        String at = "users[" + i + "].uid";
        Seen here = new Seen(user.name(), user.uid(), env.name(), Report.at(env.source(), at));
        Seen first = byName.putIfAbsent(user.name(), here);
        if (first != null && first.uid() != user.uid() && !first.environment().equals(env.name())) {
          report.error(
              here.where(),
              at,
              "user "
                  + user.name()
                  + " has uid "
                  + user.uid()
                  + " here but "
                  + first.uid()
                  + " at "
                  + first.where(),
              "a person's uid is the same everywhere in the fleet; write uid: " + first.uid());
          continue;
        }
        Seen owner = byUid.putIfAbsent(user.uid(), here);
        if (owner != null
            && !owner.name().equals(user.name())
            && !owner.environment().equals(env.name())) {
          report.error(
              here.where(),
              at,
              "uid "
                  + user.uid()
                  + " of user "
                  + user.name()
                  + " belongs to "
                  + owner.name()
                  + " at "
                  + owner.where(),
              "a uid names one person everywhere in the fleet; give " + user.name() + " another");
        }
      }
    }
  }
}

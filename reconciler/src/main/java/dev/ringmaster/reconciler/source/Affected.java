package dev.ringmaster.reconciler.source;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Maps changed paths onto the environments that need a pass, from the indexes of both commits. */
record Affected(FleetIndex before, FleetIndex after) {

  Set<String> of(List<String> changedPaths) {
    Set<String> environments = new TreeSet<>();
    Set<String> hypervisors = new TreeSet<>();
    for (String path : changedPaths) {
      if (before.unreadable().contains(path)
          || after.unreadable().contains(path)
          || FleetIndex.isDnsFile(path)) {
        environments.addAll(before.environments());
        environments.addAll(after.environments());
        return environments;
      }
      environments.addAll(before.environmentsIn(path));
      environments.addAll(after.environmentsIn(path));
      hypervisors.addAll(before.hypervisorsIn(path));
      hypervisors.addAll(after.hypervisorsIn(path));
    }
    environments.addAll(before.environmentsOn(hypervisors));
    environments.addAll(after.environmentsOn(hypervisors));
    return environments;
  }
}

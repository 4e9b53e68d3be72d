package io.shadowflow.operator.jobs;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.shadowflow.engine.egress.AddressRange;
import io.shadowflow.engine.egress.EgressPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The egress policy the operator hands engine pods: on top of the engine's fixed rules, loopback,
 * unspecified addresses and the cluster's pod and service ranges are denied, unless the allowlist
 * names them (docs/security.md, control 2).
 *
 * @param clusterCidrs the cluster's pod and service CIDR ranges
 * @param allow ranges let through although a deny range holds them
 */
public record EngineEgress(List<String> clusterCidrs, List<String> allow) {
  /** What no engine pod may call unless allowlisted: the pod itself, in every spelling. */
  public static final List<String> POD_LOCAL =
      List.of("127.0.0.0/8", "::1/128", "0.0.0.0/8", "::/128");

  /** Nothing allowlisted, no cluster range known: the pod-local ranges are still denied. */
  public static final EngineEgress DEFAULT = new EngineEgress(List.of(), List.of());

  /**
   * @throws IllegalArgumentException naming the entry that is no CIDR range
   */
  public EngineEgress {
    clusterCidrs = checked(clusterCidrs, "cluster CIDR");
    allow = checked(allow, "egress allowlist");
  }

  private static List<String> checked(List<String> ranges, String what) {
    List<String> trimmed = new ArrayList<>();
    for (String range : ranges) {
      if (range.isBlank()) {
        continue;
      }
      try {
        trimmed.add(AddressRange.parse(range).toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(trimmed);
  }

  /** The ranges engine pods deny. */
  public List<String> deny() {
    List<String> deny = new ArrayList<>(POD_LOCAL);
    deny.addAll(clusterCidrs);
    return deny;
  }

  /** The variables that configure the engine's policy. */
  public List<EnvVar> env() {
    return List.of(
        variable(EgressPolicy.DENY_VARIABLE, String.join(",", deny())),
        variable(EgressPolicy.ALLOW_VARIABLE, String.join(",", allow)));
  }

  private static EnvVar variable(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}

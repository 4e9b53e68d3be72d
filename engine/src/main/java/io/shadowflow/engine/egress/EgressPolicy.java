package io.shadowflow.engine.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which destinations an engine may call. Link-local ranges (where the cloud metadata services live)
 * and metadata host names are always denied; on top, a deployment denies more ranges ({@code
 * SHADOWFLOW_EGRESS_DENY}: in engine pods loopback and the cluster's pod and service ranges) and
 * lets an allowlist ({@code SHADOWFLOW_EGRESS_ALLOW}) reopen parts of them.
 */
public final class EgressPolicy {
  /** Environment variable: comma-separated CIDR ranges denied on top of the fixed ones. */
  public static final String DENY_VARIABLE = "SHADOWFLOW_EGRESS_DENY";

  /** Environment variable: comma-separated CIDR ranges let through despite the deny list. */
  public static final String ALLOW_VARIABLE = "SHADOWFLOW_EGRESS_ALLOW";

  /** Link-local and the AWS IPv6 metadata address: no allowlist reopens them. */
  private static final List<AddressRange> ALWAYS_DENIED =
      List.of(
          AddressRange.parse("169.254.0.0/16"),
          AddressRange.parse("fe80::/10"),
          AddressRange.parse("fd00:ec2::254"));

  /** Names of metadata services that resolve to them inside a cloud VM. */
  private static final Set<String> METADATA_NAMES =
      Set.of(
          "metadata",
          "metadata.google.internal",
          "metadata.goog",
          "metadata.azure.internal",
          "instance-data",
          "instance-data.ec2.internal");

  /** Only the fixed rules: what the CLI applies outside a pod, and what {@code validate} checks. */
  public static final EgressPolicy ALWAYS = new EgressPolicy(List.of(), List.of());

  private final List<AddressRange> deny;
  private final List<AddressRange> allow;

  public EgressPolicy(List<AddressRange> deny, List<AddressRange> allow) {
    this.deny = List.copyOf(deny);
    this.allow = List.copyOf(allow);
  }

  /**
   * The policy the environment configures; the operator sets both variables in engine pods.
   *
   * @throws IllegalArgumentException naming the variable and the entry that is no CIDR range
   */
  public static EgressPolicy fromEnvironment(Map<String, String> environment) {
    return new EgressPolicy(
        ranges(environment, DENY_VARIABLE), ranges(environment, ALLOW_VARIABLE));
  }

  private static List<AddressRange> ranges(Map<String, String> environment, String variable) {
    List<AddressRange> ranges = new ArrayList<>();
    String value = environment.getOrDefault(variable, "");
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        ranges.add(AddressRange.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            variable + ": " + e.getMessage() + "; give comma-separated CIDR ranges", e);
      }
    }
    return ranges;
  }

  /** The rule refusing a host name (normalised), if one does; addresses are checked apart. */
  public Optional<String> refuseName(String host) {
    if (METADATA_NAMES.contains(host)) {
      return Optional.of("metadata host name (always denied)");
    }
    return Optional.empty();
  }

  /** The rule refusing {@code address}, if one does. */
  public Optional<String> refuseAddress(InetAddress address) {
    for (AddressRange range : ALWAYS_DENIED) {
      if (range.contains(address)) {
        return Optional.of("link-local or metadata range " + range + " (always denied)");
      }
    }
    for (AddressRange range : deny) {
      if (range.contains(address) && allow.stream().noneMatch(a -> a.contains(address))) {
        return Optional.of("range " + range + " of " + DENY_VARIABLE + " (not in the allowlist)");
      }
    }
    return Optional.empty();
  }
}

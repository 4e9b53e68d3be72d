package io.shadowflow.engine.egress;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a call may connect: the host is normalised, resolved once, and every address it
 * resolves to is checked; the caller connects to the address returned, never resolving again, so a
 * DNS answer that changes between check and connect (rebinding) cannot slip through.
 */
public final class EgressGate {
  /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final EgressPolicy policy;
  private final Resolver resolver;

  public EgressGate(EgressPolicy policy, Resolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  public EgressGate(EgressPolicy policy) {
    this(policy, InetAddress::getAllByName);
  }

  /**
   * The checked address to connect to for {@code rawHost}.
   *
   * @throws WorkflowFailure EGRESS_DENIED naming the host and the rule, before any connection
   * @throws UnknownHostException when the name does not resolve
   */
  public InetAddress admit(String rawHost) throws UnknownHostException {
    Optional<InetAddress> literal = checkLiteral(rawHost);
    if (literal.isPresent()) {
      return literal.get();
    }
    String host = HostNames.normalise(rawHost);
    InetAddress[] addresses = resolver.resolve(host);
    for (InetAddress address : addresses) {
      refuse(host + " (" + address.getHostAddress() + ")", address);
    }
    return addresses[0];
  }

  /**
   * Checks what needs no DNS: the host's name, or the address a numeric host stands for.
   *
   * @return the address of a numeric host; empty for a name still to be resolved
   * @throws WorkflowFailure EGRESS_DENIED naming the host and the rule
   */
  public Optional<InetAddress> checkLiteral(String rawHost) {
    if (rawHost == null || rawHost.isEmpty()) {
      throw denied("(none)", "a URL without a host");
    }
    String host = HostNames.normalise(rawHost);
    policy
        .refuseName(host)
        .ifPresent(
            rule -> {
              throw denied(host, rule);
            });
    Optional<InetAddress> address;
    try {
      address = HostNames.numericAddress(host);
    } catch (IllegalArgumentException ambiguous) {
      throw denied(host, ambiguous.getMessage() + ", so no resolver may guess what it means");
    }
    address.ifPresent(a -> refuse(host, a));
    return address;
  }

  private void refuse(String host, InetAddress address) {
    policy
        .refuseAddress(address)
        .ifPresent(
            rule -> {
              throw denied(host, rule);
            });
  }

  private static WorkflowFailure denied(String host, String rule) {
    return WorkflowFailure.of(FailureCode.EGRESS_DENIED, Map.of("host", host, "rule", rule));
  }
}

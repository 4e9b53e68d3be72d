package io.shadowflow.engine.egress;

import java.net.InetAddress;
import java.util.Optional;

/** A CIDR range ({@code 10.0.0.0/8}, {@code fe80::/10}) or one address, IPv4 or IPv6. */
public final class AddressRange {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address/prefix} or a single address, in any form {@link HostNames} reads.
   *
   * @throws IllegalArgumentException naming the text when it is no range
   */
  public static AddressRange parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String host = HostNames.normalise(slash < 0 ? trimmed : trimmed.substring(0, slash));
    Optional<InetAddress> address;
    try {
      address = HostNames.numericAddress(host);
    } catch (IllegalArgumentException e) {
      address = Optional.empty();
    }
    if (address.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a CIDR range: expected e.g. 10.0.0.0/8 or fd00::/8");
    }
    byte[] network = address.get().getAddress();
    int prefix = network.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException(
            "'" + text + "' has no valid prefix length: 0 to " + network.length * 8);
      }
    }
    return new AddressRange(network, prefix, trimmed);
  }

  /** Whether {@code address} lies in this range; an IPv4 range never holds an IPv6 address. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}

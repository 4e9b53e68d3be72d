package io.shadowflow.engine.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Brings a URL's host to one spelling before any rule looks at it: lower case, no trailing dot, no
 * IPv6 brackets, and every numeric form of an address as the address itself. Resolvers accept more
 * than the dotted quad ({@code 2852039166}, {@code 0251.0376.0251.0376}, {@code 0xa9fea9fe}, {@code
 * 169.254.43518}, {@code ::ffff:169.254.169.254}); a rule that compared text would miss them.
 */
public final class HostNames {
  /** A part of a numeric IPv4 form as inet_aton reads it: decimal, octal (leading 0) or hex. */
  private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");

  private HostNames() {}

  /** The host in its one spelling: lower case, without brackets and trailing dots. */
  public static String normalise(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    while (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }

  /**
   * The address a numeric host stands for, or empty for a name that needs DNS.
   *
   * @param host a host as {@link #normalise} returns it
   * @throws IllegalArgumentException for a host that looks numeric but is no address (a resolver
   *     might read it some other way, so nothing may connect to it)
   */
  public static Optional<InetAddress> numericAddress(String host) {
    if (host.contains(":")) {
      return Optional.of(ipv6(host));
    }
    String[] parts = host.split("\\.", -1);
    for (String part : parts) {
      if (!NUMERIC_PART.matcher(part).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of(ipv4(parts, host));
  }

  /** IPv4 the way inet_aton reads it: 1 to 4 parts, the last one filling the remaining bytes. */
  private static InetAddress ipv4(String[] parts, String host) {
    if (parts.length > 4) {
      throw new IllegalArgumentException("'" + host + "' has more than 4 numeric parts");
    }
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      int bytes = i < parts.length - 1 ? 1 : 4 - i;
      long part = partValue(parts[i], host);
      if (part >= 1L << (8 * bytes)) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
      }
      value = (value << (8 * bytes)) | part;
    }
    byte[] address = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    return literal(address, host);
  }

  private static long partValue(String part, String host) {
    try {
      if (part.startsWith("0x") || part.startsWith("0X")) {
        return Long.parseLong(part.substring(2), 16);
      }
      if (part.length() > 1 && part.startsWith("0")) {
        return Long.parseLong(part.substring(1), 8);
      }
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
    }
  }

  /** An IPv6 literal; the IPv4-mapped form becomes the IPv4 address it carries. */
  private static InetAddress ipv6(String host) {
    if (!host.matches("[0-9a-f:.%a-z]+")) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
    }
    try {
      // A literal with ':' never goes to DNS; Java turns ::ffff:a.b.c.d into an Inet4Address.
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
    }
  }

  private static InetAddress literal(byte[] address, String host) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an address");
    }
  }

  /** The address as a URL host: dotted quad, or bracketed IPv6. */
  public static String urlHost(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet4Address ? text : "[" + text.replaceAll("%.*", "") + "]";
  }
}

package io.shadowflow.engine.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostNamesTest {
  private static String address(String host) {
    return HostNames.numericAddress(HostNames.normalise(host)).orElseThrow().getHostAddress();
  }

  @Test
  void everyNumericFormOfTheMetadataAddressIsTheMetadataAddress() {
    for (String form :
        new String[] {
          "169.254.169.254",
          "2852039166",
          "0251.0376.0251.0376",
          "0xa9fea9fe",
          "0XA9FEA9FE",
          "0xa9.0xfe.0xa9.0xfe",
          "169.254.43518",
          "169.16689662",
          "0251.0xfe.43518",
          "[::ffff:169.254.169.254]",
          "[::ffff:a9fe:a9fe]",
          "169.254.169.254."
        }) {
      assertThat(address(form)).as(form).isEqualTo("169.254.169.254");
    }
  }

  @Test
  void namesAreLowerCaseWithoutTrailingDotsOrBrackets() {
    assertThat(HostNames.normalise("Metadata.Google.Internal."))
        .isEqualTo("metadata.google.internal");
    assertThat(HostNames.normalise("[::1]")).isEqualTo("::1");
    assertThat(HostNames.numericAddress("example.com")).isEmpty();
    assertThat(HostNames.numericAddress("1.2.3.example")).isEmpty();
    assertThat(HostNames.numericAddress("0x1.example")).isEmpty();
  }

  @Test
  void ipv6LiteralsAreAddresses() throws Exception {
    assertThat(HostNames.numericAddress("::1")).contains(InetAddress.getByName("::1"));
    assertThat(AddressRange.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(address("[FE80::1]")).isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(HostNames.urlHost(InetAddress.getByName("::1"))).isEqualTo("[0:0:0:0:0:0:0:1]");
    assertThat(HostNames.urlHost(InetAddress.getByName("10.0.0.1"))).isEqualTo("10.0.0.1");
  }

  @Test
  void numericLookingHostsThatAreNoAddressAreRefusedNotGuessed() {
    for (String bad :
        new String[] {"1.2.3.4.5", "256.1.1.1", "1.2.3.256", "4294967296", "08.1.1.1"}) {
      assertThatThrownBy(() -> HostNames.numericAddress(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}

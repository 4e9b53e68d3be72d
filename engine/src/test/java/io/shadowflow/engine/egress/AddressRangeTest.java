package io.shadowflow.engine.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
  private static boolean in(String range, String address) throws Exception {
    return AddressRange.parse(range).contains(InetAddress.getByName(address));
  }

  @Test
  void cidrRangesMatchTheirAddressesOnly() throws Exception {
    assertThat(in("10.0.0.0/8", "10.255.1.2")).isTrue();
    assertThat(in("10.0.0.0/8", "11.0.0.1")).isFalse();
    assertThat(in("10.96.0.0/12", "10.111.255.255")).isTrue();
    assertThat(in("10.96.0.0/12", "10.112.0.0")).isFalse();
    assertThat(in("127.0.0.1", "127.0.0.1")).isTrue();
    assertThat(in("127.0.0.1", "127.0.0.2")).isFalse();
    assertThat(in("0.0.0.0/0", "8.8.8.8")).isTrue();
    assertThat(in("fe80::/10", "febf::1")).isTrue();
    assertThat(in("fe80::/10", "fec0::1")).isFalse();
    assertThat(in("fd00::/8", "10.0.0.1")).as("families never mix").isFalse();
    assertThat(in("::1/128", "::1")).isTrue();
  }

  @Test
  void aRangeThatIsNoCidrIsRefusedNamingIt() {
    for (String bad : List.of("10.0.0.0/33", "example.com/8", "10.0.0.0/x", "fe80::/129")) {
      assertThatThrownBy(() -> AddressRange.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(
            () ->
                EgressPolicy.fromEnvironment(Map.of(EgressPolicy.DENY_VARIABLE, "10.0.0.0/8,oops")))
        .hasMessageContaining("SHADOWFLOW_EGRESS_DENY")
        .hasMessageContaining("'oops'");
  }

  @Test
  void theAllowlistReopensDeniedRangesButNeverLinkLocal() throws Exception {
    EgressGate gate =
        new EgressGate(
            EgressPolicy.fromEnvironment(
                Map.of(
                    EgressPolicy.DENY_VARIABLE, "127.0.0.0/8, 10.0.0.0/8",
                    EgressPolicy.ALLOW_VARIABLE, "127.0.0.1/32,169.254.0.0/16")));
    assertThat(gate.admit("127.0.0.1")).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(gate.admit("8.8.8.8")).isEqualTo(InetAddress.getByName("8.8.8.8"));
    assertDenied(gate, "127.0.0.2", "127.0.0.0/8 of SHADOWFLOW_EGRESS_DENY");
    assertDenied(gate, "0x0a000001", "10.0.0.0/8 of SHADOWFLOW_EGRESS_DENY");
    assertDenied(gate, "169.254.169.254", "169.254.0.0/16 (always denied)");
    assertDenied(gate, "[fe80::1]", "fe80::/10 (always denied)");
    assertDenied(gate, "METADATA.google.internal.", "metadata host name");
    assertDenied(gate, "1.2.3.4.5", "more than 4 numeric parts");
  }

  private static void assertDenied(EgressGate gate, String host, String rule) {
    assertThatThrownBy(() -> gate.admit(host))
        .isInstanceOfSatisfying(
            WorkflowFailure.class, f -> assertThat(f.code()).isEqualTo(FailureCode.EGRESS_DENIED))
        .hasMessageContaining(rule);
  }
}

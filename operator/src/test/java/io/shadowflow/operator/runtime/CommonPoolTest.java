package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolTest {
  @Test
  void oneOrTwoCpusGetTwoThreads() {
    assertThat(CommonPool.parallelism(null, 1)).isEqualTo("2");
    assertThat(CommonPool.parallelism(null, 2)).isEqualTo("2");
  }

  @Test
  void moreCpusOrTheUsersOwnSettingAreLeftAlone() {
    assertThat(CommonPool.parallelism(null, 3)).isNull();
    assertThat(CommonPool.parallelism("1", 2)).isNull();
  }
}

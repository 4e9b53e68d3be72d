package io.shadowflow.engine.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void shardsCoverEverySeedOnceAndEvenly() {
    SeedRange range = SeedRange.parse("10..7510");
    long[] all =
        LongStream.range(0, 4)
            .boxed()
            .flatMapToLong(i -> Arrays.stream(new Shard(i.intValue(), 4).seeds(range)))
            .sorted()
            .toArray();
    assertThat(all).isEqualTo(LongStream.range(10, 7510).toArray());
    assertThat(new Shard(3, 4).seeds(range)).hasSize(1875);
  }

  @Test
  void seedRangesReadAsFromToExclusiveOrOneSeed() {
    assertThat(SeedRange.parse("0..7500")).isEqualTo(new SeedRange(0, 7500));
    assertThat(SeedRange.parse("42")).isEqualTo(new SeedRange(42, 1));
    assertThatThrownBy(() -> SeedRange.parse("7..7")).hasMessageContaining("TO must be above FROM");
    assertThatThrownBy(() -> SeedRange.parse("a..b"))
        .hasMessageContaining("expected FROM..TO (TO excluded, e.g. 0..7500 for 7,500 seeds)");
  }

  @Test
  void aShardIndexOutsideTheCountIsRefusedWithTheRange() {
    assertThatThrownBy(() -> new Shard(3, 3))
        .hasMessageContaining("shard index must be between 0 and shard count - 1 (2), got 3");
  }
}

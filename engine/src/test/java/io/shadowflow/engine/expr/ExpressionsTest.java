package io.shadowflow.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
  @Test
  void theSameTextWithTheSameVariablesIsCompiledOnceAndShared() throws Exception {
    Expression first = Expressions.compile("input.qty * 3 + 1");
    Expression second = Expressions.compile("input.qty * 3 + 1");

    assertThat(second).isSameAs(first);
    assertThat(second.evaluate(Map.of("input", Map.of("qty", 2L), "steps", Map.of())).asLong())
        .isEqualTo(7);
  }

  @Test
  void otherVariablesInScopeMakeAnotherExpression() throws Exception {
    Expression plain = Expressions.compile("size(input) > 0");
    Expression inALoop = Expressions.compile("size(input) > 0", Set.of("item"));

    assertThat(inALoop).isNotSameAs(plain);
    assertThatThrownBy(() -> Expressions.compile("item + 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("item");
    assertThat(Expressions.compile("item + 1", Set.of("item")).source()).isEqualTo("item + 1");
  }

  @Test
  void anInvalidExpressionFailsEveryTime() {
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> Expressions.compile("input.qty *"))
          .isInstanceOf(ExpressionException.class);
    }
  }
}

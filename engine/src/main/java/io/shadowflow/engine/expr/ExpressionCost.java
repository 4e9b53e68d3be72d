package io.shadowflow.engine.expr;

import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * A static estimate of what an expression may cost, read from its syntax tree before it ever runs:
 * how many nodes it has and how deeply its comprehensions (map, filter, all, exists) nest. Nested
 * comprehensions multiply work, so they are what a CPU-exhausting expression needs.
 */
public record ExpressionCost(int nodes, int loopDepth) {
  static ExpressionCost of(CelExpr root) {
    int[] nodes = {0};
    int depth = walk(root, 0, nodes);
    return new ExpressionCost(nodes[0], depth);
  }

  /** Counts nodes below {@code expr} and returns the deepest comprehension nesting found. */
  private static int walk(CelExpr expr, int loops, int[] nodes) {
    nodes[0]++;
    int here = loops;
    if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      here = loops + 1;
    }
    int deepest = here;
    for (CelExpr child : children(expr)) {
      deepest = Math.max(deepest, walk(child, here, nodes));
    }
    return deepest;
  }

  private static List<CelExpr> children(CelExpr expr) {
    List<CelExpr> children = new ArrayList<>();
    switch (expr.getKind()) {
      case CALL -> {
        expr.call().target().ifPresent(children::add);
        children.addAll(expr.call().args());
      }
      case SELECT -> children.add(expr.select().operand());
      case LIST -> children.addAll(expr.list().elements());
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    children.add(e.key());
                    children.add(e.value());
                  });
      case STRUCT -> expr.struct().entries().forEach(e -> children.add(e.value()));
      case COMPREHENSION -> {
        var loop = expr.comprehension();
        children.addAll(
            List.of(
                loop.iterRange(),
                loop.accuInit(),
                loop.loopCondition(),
                loop.loopStep(),
                loop.result()));
      }
      default -> {
        // constants and identifiers are leaves
      }
    }
    return children;
  }
}

package io.shadowflow.engine.expr;

import dev.cel.common.ast.CelExpr;

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
    for (CelExpr child : CelTree.children(expr)) {
      deepest = Math.max(deepest, walk(child, here, nodes));
    }
    return deepest;
  }
}

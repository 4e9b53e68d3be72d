package io.shadowflow.engine.expr;

import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;

/** The shape of a CEL syntax tree, for the checks that read it before it runs. */
final class CelTree {
  private CelTree() {}

  /** The direct subexpressions of {@code expr}; constants and identifiers have none. */
  static List<CelExpr> children(CelExpr expr) {
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

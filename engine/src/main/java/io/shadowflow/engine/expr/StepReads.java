package io.shadowflow.engine.expr;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.Set;
import java.util.TreeSet;

/**
 * The steps an expression reads by name, {@code steps.price} or {@code steps["price"]}, found in
 * its syntax tree, so a manifest that reads a step not run yet is refused before it runs. A name
 * computed at run time ({@code steps[input.which]}) cannot be known, and is not listed.
 */
final class StepReads {
  private static final String STEPS = "steps";

  private StepReads() {}

  static Set<String> of(CelExpr root) {
    Set<String> names = new TreeSet<>();
    collect(root, names);
    return Set.copyOf(names);
  }

  private static void collect(CelExpr expr, Set<String> names) {
    switch (expr.getKind()) {
      case SELECT -> {
        if (isSteps(expr.select().operand())) {
          names.add(expr.select().field());
          return;
        }
      }
      case CALL -> {
        var call = expr.call();
        if (call.function().equals("_[_]")
            && isSteps(call.args().get(0))
            && call.args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && call.args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
          names.add(call.args().get(1).constant().stringValue());
          return;
        }
      }
      case COMPREHENSION -> {
        var loop = expr.comprehension();
        if (STEPS.equals(loop.iterVar()) || STEPS.equals(loop.accuVar())) {
          collect(loop.iterRange(), names); // inside, `steps` is the loop's own variable
          collect(loop.accuInit(), names);
          return;
        }
      }
      default -> {
        // read below
      }
    }
    CelTree.children(expr).forEach(child -> collect(child, names));
  }

  private static boolean isSteps(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && STEPS.equals(expr.ident().name());
  }
}

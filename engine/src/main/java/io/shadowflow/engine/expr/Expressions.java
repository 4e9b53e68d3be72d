package io.shadowflow.engine.expr;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles sandboxed CEL expressions over the variables a step may read: {@code input} (the run's
 * input object) and {@code steps} (each earlier step as {@code steps.<name>.output}). CEL has no
 * I/O, no clock and no unbounded loops, so an expression cannot break determinism.
 */
public final class Expressions {
  /** Upper bound on iterations of comprehensions (all, exists, map, filter) per evaluation. */
  public static final int MAX_ITERATIONS = 10_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxParseRecursionDepth(64)
          .maxParseExpressionNodeCount(5_000)
          .build();
  private static final Map<Set<String>, CelCompiler> COMPILERS = new ConcurrentHashMap<>();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** One expression as compiled: its text and the variables in scope besides input and steps. */
  private record Source(String text, Set<String> variables) {}

  // Workflows of one type share their expressions, so the operator validating 10,000 of them
  // compiles each once. A compiled expression is immutable, and runs share one already.
  private static final int CACHED = 4_096;
  private static final Map<Source, Expression> COMPILED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Source, Expression> eldest) {
              return size() > CACHED;
            }
          });

  private Expressions() {}

  /** Parses and type-checks {@code source}; the exception's message names the problem. */
  public static Expression compile(String source) throws ExpressionException {
    return compile(source, Set.of());
  }

  /**
   * Compiles {@code source} where {@code variables} are in scope besides input and steps (a loop's
   * item and index, the run's outcome), each of any type.
   */
  public static Expression compile(String source, Set<String> variables)
      throws ExpressionException {
    Source key = new Source(source, Set.copyOf(variables));
    Expression cached = COMPILED.get(key);
    if (cached != null) {
      return cached;
    }
    Expression compiled = compileNew(key);
    COMPILED.put(key, compiled);
    return compiled;
  }

  private static Expression compileNew(Source source) throws ExpressionException {
    try {
      var ast =
          COMPILERS
              .computeIfAbsent(source.variables(), Expressions::compiler)
              .compile(source.text())
              .getAst();
      return new Expression(
          source.text(),
          RUNTIME.createProgram(ast),
          ExpressionCost.of(ast.getExpr()),
          StepReads.of(ast.getExpr()));
    } catch (CelValidationException e) {
      throw new ExpressionException(firstLine(e.getMessage()), e);
    } catch (CelEvaluationException e) {
      throw new ExpressionException("cannot plan expression: " + firstLine(e.getMessage()), e);
    }
  }

  private static CelCompiler compiler(Set<String> variables) {
    var builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("input", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN));
    variables.forEach(name -> builder.addVar(name, SimpleType.DYN));
    return builder.build();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "invalid expression";
    }
    String trimmed = message.replaceFirst("^ERROR: <input>:", "at ");
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}

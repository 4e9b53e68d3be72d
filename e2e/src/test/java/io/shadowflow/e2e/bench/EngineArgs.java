package io.shadowflow.e2e.bench;

import io.shadowflow.engine.egress.EgressPolicy;
import io.shadowflow.engine.secret.SecretDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine CLI's arguments for an engine container run on a thread of this JVM: the container's
 * arguments with {@code $(VAR)} expanded as the kubelet expands them, then its environment as the
 * flags the CLI would have read it through. A thread has no environment of its own, and picocli's
 * {@code ${env:...}} defaults read the benchmark's.
 */
final class EngineArgs {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  /** The variables the engine CLI reads as option defaults, and the option each stands for. */
  private static final Map<String, String> FLAGS =
      Map.of(
          "SHADOWFLOW_JDBC_URL",
          "--jdbc-url",
          "SHADOWFLOW_DB_USER",
          "--db-user",
          "SHADOWFLOW_DB_PASSWORD",
          "--db-password",
          "SHADOWFLOW_METRICS_PORT",
          "--metrics-port",
          "SHADOWFLOW_PLUGINS",
          "--plugins",
          SecretDirectory.ENV,
          "--secrets-dir");

  /**
   * Variables no flag carries, and why they may be left out here: JVM options (the engine shares
   * this JVM), and the egress policy, which only http steps read (the benchmarks' workflows have
   * none).
   */
  private static final Set<String> NOT_PASSED =
      Set.of("JAVA_TOOL_OPTIONS", EgressPolicy.DENY_VARIABLE, EgressPolicy.ALLOW_VARIABLE);

  private static final String MIGRATE = "SHADOWFLOW_DB_MIGRATE";

  private EngineArgs() {}

  /**
   * @param args the container's {@code args} (the image's entrypoint is the engine CLI)
   * @param env the container's resolved environment
   * @throws IllegalArgumentException for a variable this cannot pass on, so that none is lost
   */
  static List<String> of(List<String> args, Map<String, String> env) {
    List<String> result = new ArrayList<>();
    args.forEach(arg -> result.add(expand(arg, env)));
    env.forEach(
        (name, value) -> {
          String flag = FLAGS.get(name);
          if (flag != null) {
            // An argument wins over the variable, as it does over an option's default.
            if (!result.contains(flag)) {
              result.addAll(List.of(flag, value));
            }
          } else if (name.equals(MIGRATE)) {
            if (!result.contains("--migrate") && !result.contains("--no-migrate")) {
              result.add(Boolean.parseBoolean(value) ? "--migrate" : "--no-migrate");
            }
          } else if (!NOT_PASSED.contains(name)) {
            throw new IllegalArgumentException(
                "the engine container sets " + name + ", which an in-process engine cannot get");
          }
        });
    return result;
  }

  /** {@code $(VAR)} replaced by its value and {@code $$} by {@code $}, as the kubelet does. */
  static String expand(String text, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          matcher.group().equals("$$") ? "$" : env.getOrDefault(matcher.group(1), matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}

package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.shadowflow.engine.cli.DatabaseOptions;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.operator.jobs.EnginePods;
import io.shadowflow.operator.runtime.OperatorConfig;
import io.shadowflow.operator.runtime.OperatorOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The chart sets what the operator and the engine really read: names come from the options classes'
 * {@code ${env:...}} defaults, not from a copied list, and the values parse.
 */
class ChartEnvironmentTest {
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z_]+)");

  /** Environment variable of each operator option field, from its picocli default. */
  private static Map<String, Option> optionsByEnv(Class<?> type) {
    Map<String, Option> byEnv = new LinkedHashMap<>();
    for (Field field : type.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        Matcher m = ENV.matcher(option.defaultValue());
        if (m.find()) {
          byEnv.put(m.group(1), option);
        }
      }
    }
    return byEnv;
  }

  private static Set<String> logbackVariables() throws IOException {
    String xml =
        new String(
            ChartEnvironmentTest.class.getResourceAsStream("/logback.xml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(xml);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void everyVariableTheChartSetsIsReadByTheOperator() throws IOException {
    Set<String> read = new TreeSet<>(optionsByEnv(OperatorOptions.class).keySet());
    read.addAll(logbackVariables());
    for (Map<String, Object> values :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of(
                "operator.replicas",
                2,
                "operator.watchNamespaces",
                List.of("apps"),
                "engine.serviceAccount",
                "engine",
                "console.enabled",
                true,
                "engine.allowedImages",
                List.of("registry.example/team-images/"),
                "engine.namespaceImages",
                Map.of("research", "registry.example/research/engine:2.0")))) {
      assertThat(Chart.render(values).operatorContainer().getEnv())
          .extracting(EnvVar::getName)
          .allSatisfy(name -> assertThat(read).as("variables the operator reads").contains(name));
    }
  }

  @Test
  void chartValuesParseIntoTheOperatorsConfiguration() {
    Chart.Rendered r =
        Chart.render(
            Map.of(
                "operator.replicas",
                2,
                "operator.watchNamespaces",
                List.of("apps", "batch"),
                "engine.image.tag",
                "1.2.3",
                "engine.serviceAccount",
                "engine",
                "database.schema",
                "wf",
                "engine.namespaceImages",
                Map.of(
                    "research", "registry.example/research/engine:2.0", "ml", "r.example/ml:1")));
    OperatorConfig config = parse(r.operatorContainer().getEnv());
    assertThat(config.engine().image()).isEqualTo("shadowflow/engine:1.2.3");
    assertThat(config.engine().imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(config.engine().databaseSecret()).isEqualTo("shadowflow-database");
    assertThat(config.engine().databaseSchema()).isEqualTo("wf");
    assertThat(config.engine().serviceAccount()).isEqualTo("engine");
    assertThat(config.engine().namespaceImages())
        .containsOnly(
            Map.entry("research", "registry.example/research/engine:2.0"),
            Map.entry("ml", "r.example/ml:1"));
    assertThat(config.engine().cpuRequest()).isEqualTo("250m");
    assertThat(config.engine().memoryLimit()).isEqualTo("512Mi");
    assertThat(config.engine().backoffLimit()).isEqualTo(6);
    assertThat(config.engine().metricsPort()).isEqualTo(9404);
    assertThat(config.database().schema()).isEqualTo("wf");
    assertThat(config.namespaces()).containsExactly("apps", "batch");
    assertThat(config.leaderElection().enabled()).isTrue();
    assertThat(config.leaderElection().leaseName()).isEqualTo("shadowflow-operator");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.resync()).hasSeconds(60);
    assertThat(r.operatorContainer().getPorts().get(0).getContainerPort()).isEqualTo(8080);
  }

  @Test
  void bundledSecretHoldsEveryKeyEnginePodsRead() {
    Chart.Rendered r = Chart.render(Map.of());
    OperatorConfig config = parse(r.operatorContainer().getEnv());
    // The operator's own connection, with the keys of the Secret it provisions per namespace for
    // engine pods; never that Secret's name, which the operator deletes with a namespace's last
    // run.
    Secret secret =
        r.all(Secret.class).stream()
            .filter(s -> s.getMetadata().getName().endsWith("-application"))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getMetadata().getName()).isNotEqualTo(config.engine().databaseSecret());
    Set<String> engineReads = optionsByEnv(DatabaseOptions.class).keySet();
    List<EnvVar> engineEnv =
        EnginePods.template(Map.of(), List.of(), List.of(), List.of(), config.engine())
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv();
    List<String> keys = new ArrayList<>();
    for (EnvVar env : engineEnv) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        assertThat(env.getValueFrom().getSecretKeyRef().getName())
            .isEqualTo(config.engine().databaseSecret());
        assertThat(engineReads).as("the engine reads %s", env.getName()).contains(env.getName());
        keys.add(env.getValueFrom().getSecretKeyRef().getKey());
      }
    }
    assertThat(secret.getStringData().keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(secret.getStringData().get("jdbc-url"))
        .isEqualTo(
            "jdbc:postgresql://sf-shadowflow-postgresql.shadowflow-system.svc:5432/shadowflow");
  }

  @Test
  void operatorImageEntrypointIsTheOperatorsMainClass() throws IOException {
    Container container = Chart.render(Map.of()).operatorContainer();
    assertThat(container.getCommand()).isEmpty();
    assertThat(container.getArgs()).isEmpty();
    assertThat(Files.readString(Manifests.repositoryRoot().resolve("Dockerfile")))
        .contains(io.shadowflow.operator.runtime.OperatorMain.class.getName())
        .contains(io.shadowflow.engine.cli.Main.class.getName());
  }

  /** The operator's options from this environment, as picocli would read them in the pod. */
  private static OperatorConfig parse(List<EnvVar> env) {
    Map<String, String> values = new HashMap<>();
    for (EnvVar var : env) {
      String value = var.getValue();
      if (value == null && var.getValueFrom().getSecretKeyRef() != null) {
        value =
            var.getValueFrom().getSecretKeyRef().getKey().equals("jdbc-url")
                ? "jdbc:postgresql://db/x"
                : "secret";
      } else if (value == null) {
        value = "from-field";
      }
      values.put(var.getName(), value);
    }
    List<String> args = new ArrayList<>();
    optionsByEnv(OperatorOptions.class)
        .forEach(
            (name, option) -> {
              String value = values.get(name);
              if (value == null) {
                return;
              }
              if (option.negatable()) {
                args.add(
                    Boolean.parseBoolean(value)
                        ? option.names()[0]
                        : "--no-" + option.names()[0].substring(2));
              } else {
                args.add(option.names()[0] + "=" + value);
              }
            });
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    return options.toConfig();
  }
}

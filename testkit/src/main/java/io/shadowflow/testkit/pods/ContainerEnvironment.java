package io.shadowflow.testkit.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment, resolved as the kubelet resolves it: {@code envFrom}, then {@code env}
 * in order (literal values with {@code $(VAR)} references, Secret and ConfigMap keys, pod fields),
 * over a few variables of the host that a local process needs to run at all.
 */
final class ContainerEnvironment {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern FIELD_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  /** The container cannot start with this environment, as with CreateContainerConfigError. */
  static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final Map<String, String> host;

  /**
   * @param host the variables taken from the runner's own environment (PATH, HOME, ...) and those
   *     the runner adds (the API server's address)
   */
  ContainerEnvironment(KubernetesClient client, Map<String, String> host) {
    this.client = client;
    this.host = host;
  }

  Map<String, String> resolve(Pod pod, Container container) throws ConfigException {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>(host);
    env.put("HOSTNAME", hostname(pod));
    for (EnvFromSource source : list(container.getEnvFrom())) {
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      Map<String, String> values = new LinkedHashMap<>();
      if (source.getSecretRef() != null) {
        var ref = source.getSecretRef();
        values = data(Source.SECRET, namespace, ref.getName(), ref.getOptional());
      } else if (source.getConfigMapRef() != null) {
        var ref = source.getConfigMapRef();
        values = data(Source.CONFIG_MAP, namespace, ref.getName(), ref.getOptional());
      }
      values.forEach((key, value) -> env.put(prefix + key, value));
    }
    for (EnvVar variable : list(container.getEnv())) {
      String value = value(pod, variable, env);
      if (value != null) {
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  /** Expands {@code $(VAR)} in a command or argument, as the kubelet does. */
  static String expand(String text, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        replacement = env.getOrDefault(matcher.group(1), matcher.group());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String hostname(Pod pod) {
    String hostname = pod.getSpec().getHostname();
    return hostname != null ? hostname : pod.getMetadata().getName();
  }

  private String value(Pod pod, EnvVar variable, Map<String, String> env) throws ConfigException {
    EnvVarSource from = variable.getValueFrom();
    if (from == null) {
      return variable.getValue() == null ? "" : expand(variable.getValue(), env);
    }
    String namespace = pod.getMetadata().getNamespace();
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      return key(Source.SECRET, namespace, ref.getName(), ref.getKey(), ref.getOptional());
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      return key(Source.CONFIG_MAP, namespace, ref.getName(), ref.getKey(), ref.getOptional());
    }
    if (from.getFieldRef() != null) {
      return field(pod, from.getFieldRef().getFieldPath());
    }
    throw new ConfigException(
        variable.getName() + ": only secretKeyRef, configMapKeyRef and fieldRef are supported");
  }

  enum Source {
    SECRET("secret"),
    CONFIG_MAP("configmap");

    final String noun;

    Source(String noun) {
      this.noun = noun;
    }
  }

  private String key(Source source, String namespace, String name, String key, Boolean optional)
      throws ConfigException {
    Map<String, String> data = data(source, namespace, name, optional);
    if (data.containsKey(key)) {
      return data.get(key);
    }
    if (Boolean.TRUE.equals(optional)) {
      return null;
    }
    throw new ConfigException("couldn't find key " + key + " in " + source.noun + " " + name);
  }

  /** The values of a Secret (decoded) or ConfigMap; empty when it is missing but optional. */
  Map<String, String> data(Source source, String namespace, String name, Boolean optional)
      throws ConfigException {
    Map<String, String> data = new LinkedHashMap<>();
    if (source == Source.SECRET) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret != null) {
        Optional.ofNullable(secret.getData())
            .ifPresent(
                d ->
                    d.forEach(
                        (k, v) ->
                            data.put(
                                k,
                                new String(
                                    Base64.getDecoder().decode(v), StandardCharsets.UTF_8))));
        // stringData is write-only on a real server; the mock keeps it, so it counts here too.
        Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
        return data;
      }
    } else {
      ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
      if (configMap != null) {
        Optional.ofNullable(configMap.getData()).ifPresent(data::putAll);
        return data;
      }
    }
    if (Boolean.TRUE.equals(optional)) {
      return data;
    }
    throw new ConfigException(source.noun + " \"" + name + "\" not found");
  }

  private static String field(Pod pod, String path) throws ConfigException {
    Matcher keyed = FIELD_KEY.matcher(path);
    if (keyed.matches()) {
      Map<String, String> map =
          keyed.group(1).equals("labels")
              ? pod.getMetadata().getLabels()
              : pod.getMetadata().getAnnotations();
      return map == null ? "" : map.getOrDefault(keyed.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.hostIP" -> "127.0.0.1";
      default -> throw new ConfigException("unsupported fieldRef " + path);
    };
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? new ArrayList<>() : values;
  }
}

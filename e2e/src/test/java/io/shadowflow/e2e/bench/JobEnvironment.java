package io.shadowflow.e2e.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A container's environment as the kubelet resolves it, for what engine Jobs use: literal values
 * (with {@code $(VAR)} references to earlier variables) and Secret keys. Anything else fails loudly
 * rather than run an engine with part of its settings.
 */
final class JobEnvironment {
  private final BiFunction<String, String, Secret> secrets;

  /**
   * @param secrets the Secret of a namespace and name, null when there is none
   */
  JobEnvironment(BiFunction<String, String, Secret> secrets) {
    this.secrets = secrets;
  }

  /**
   * @throws IllegalStateException when a required Secret or key is missing, as the kubelet's
   *     CreateContainerConfigError
   */
  Map<String, String> resolve(String namespace, Container container) {
    if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
      throw new IllegalStateException("envFrom is not supported by the in-process kubelet");
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() == null) {
        String value = variable.getValue() == null ? "" : variable.getValue();
        env.put(variable.getName(), EngineArgs.expand(value, env));
      } else if (variable.getValueFrom().getSecretKeyRef() != null) {
        String value = secretKey(namespace, variable.getValueFrom().getSecretKeyRef());
        if (value != null) {
          env.put(variable.getName(), value);
        }
      } else {
        throw new IllegalStateException(
            variable.getName() + ": only values and secretKeyRef are supported");
      }
    }
    return env;
  }

  /** The key's value; null when it is missing and optional. */
  private String secretKey(String namespace, SecretKeySelector ref) {
    Secret secret = secrets.apply(namespace, ref.getName());
    String encoded =
        secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (encoded != null) {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
    if (Boolean.TRUE.equals(ref.getOptional())) {
      return null;
    }
    throw new IllegalStateException(
        "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
  }
}

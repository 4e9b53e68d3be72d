package io.shadowflow.engine.container;

import io.shadowflow.engine.secret.SecretKeyRef;

/**
 * One environment variable of a container step.
 *
 * @param value the plain value, or null when it comes from {@code secret}
 * @param secret the Secret key holding the value, or null for a plain value
 */
public record ContainerEnv(String name, String value, SecretKeyRef secret) {}

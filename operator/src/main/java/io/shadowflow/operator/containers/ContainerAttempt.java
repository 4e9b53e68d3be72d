package io.shadowflow.operator.containers;

import io.shadowflow.engine.container.ContainerRequest;

/**
 * An attempt of a container step whose pod has not ended: asked for by an engine, perhaps started.
 *
 * @param namespace the owner's namespace, where the pod runs
 * @param key the attempt's key within the namespace, which names its pod
 * @param podName the pod started for it, null until the operator starts one
 * @param cancelled whether the engine gave up on it (a timeout, a cancelled run)
 */
record ContainerAttempt(
    String namespace, String key, ContainerRequest request, String podName, boolean cancelled) {}

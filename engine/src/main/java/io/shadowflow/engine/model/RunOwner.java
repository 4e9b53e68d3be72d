package io.shadowflow.engine.model;

import io.shadowflow.api.PolicySpec;

/**
 * The Workflow a run belongs to: the parent that a child workflow's step names its child after.
 *
 * @param namespace the Workflow's namespace
 * @param name the Workflow's name
 * @param type the workflow type, which enters the hash
 * @param policy the Workflow's policy, null for none: its children obey it too
 */
public record RunOwner(String namespace, String name, String type, PolicySpec policy) {}

package io.shadowflow.engine.runs;

/** The Workflow a run belongs to, by namespace and name. */
public record WorkflowName(String namespace, String name) {}

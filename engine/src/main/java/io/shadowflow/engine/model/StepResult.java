package io.shadowflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a step did: its canonical input (the resolved parameters it ran with) and its output. Both
 * enter the step hash, so neither may hold anything volatile.
 */
public record StepResult(JsonNode input, JsonNode output) {}

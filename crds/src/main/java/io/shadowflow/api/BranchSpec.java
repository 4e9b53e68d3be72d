package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * One branch of a parallel step: its steps run in order, beside the other branches. The steps are
 * free-form in the CRD (a schema cannot nest steps in steps) and checked by the engine.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BranchSpec {
  @JsonPropertyDescription("Name of the branch, unique in its step; keys the step's output.")
  @Required
  @Size(max = ManifestLimits.NAME_CHARS)
  @Pattern("^[A-Za-z_][A-Za-z0-9_-]{0,62}$")
  public String name;

  @JsonPropertyDescription("The branch's steps, run in order.")
  @Required
  @Size(min = 1, max = ManifestLimits.STEPS)
  public List<JsonNode> steps;
}

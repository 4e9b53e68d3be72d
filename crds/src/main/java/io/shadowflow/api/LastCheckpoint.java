package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The most recent step committed to PostgreSQL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastCheckpoint {
  @JsonPropertyDescription("Position of the step in the run, from 0.")
  public Integer sequence;

  @JsonPropertyDescription("Name of the step.")
  public String step;

  @JsonPropertyDescription("When the step was committed (RFC 3339).")
  public String time;

  public LastCheckpoint() {}

  public LastCheckpoint(Integer sequence, String step, String time) {
    this.sequence = sequence;
    this.step = step;
    this.time = time;
  }
}

package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shadowflow.api.StepSpec;
import io.shadowflow.api.Workflow;
import io.shadowflow.operator.testing.TestEngineSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Workflow that names its own engine image (one with Java step plugins), or whose namespace has
 * one: its pods run that image when the platform admin allows it, and the operator takes the plugin
 * kinds on trust, leaving their fields to the image's engine; without such an image they are
 * refused.
 */
class EngineImageTest {
  private static final String PLUGINS_IMAGE = "registry.example/team-images/pricing:1.0";

  private static Workflow pricing(String engineImage) {
    Workflow workflow = EngineJobsTest.workflow("pricing", 1);
    workflow.setApiVersion("shadowflow.io/v1alpha1");
    workflow.getSpec().type = "pricing";
    workflow.getSpec().engineImage = engineImage;
    StepSpec step = new StepSpec();
    step.name = "priced";
    step.kind = "price";
    step.with = JsonNodeFactory.instance.objectNode().put("unit", 250);
    workflow.getSpec().steps = List.of(step);
    return workflow;
  }

  @Test
  void anAllowedImageRunsThePodsAndBringsItsPluginKinds() {
    Workflow workflow = pricing(PLUGINS_IMAGE);
    Validation validation = new SpecValidation(TestEngineSettings.SETTINGS).validate(workflow);
    assertThat(validation.valid()).as(validation.describe()).isTrue();
    var job =
        EngineJobs.desired(
            workflow, TestRuns.current(TestRuns.running(0)), TestEngineSettings.SETTINGS);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(PLUGINS_IMAGE);
  }

  @Test
  void anImageTheAdminDoesNotAllowIsRefusedAtItsField() {
    Validation validation =
        new SpecValidation(TestEngineSettings.SETTINGS)
            .validate(pricing("docker.io/someone/engine:latest"));
    assertThat(validation.valid()).isFalse();
    assertThat(validation.describe())
        .contains("spec.engineImage: 'docker.io/someone/engine:latest' is not an engine image")
        .contains("engine.allowedImages (registry.example/team-images/)");
  }

  @Test
  void aNamespaceWithAnImageOfItsOwnRunsItAndBringsItsPluginKinds() {
    Workflow workflow = pricing(null);
    workflow.getMetadata().setNamespace("research");
    Validation validation = new SpecValidation(TestEngineSettings.SETTINGS).validate(workflow);
    assertThat(validation.valid()).as(validation.describe()).isTrue();
    assertThat(TestEngineSettings.SETTINGS.forWorkflow(workflow).image())
        .isEqualTo("registry.example/research/engine:2.0");
    workflow.getSpec().engineImage = PLUGINS_IMAGE;
    assertThat(TestEngineSettings.SETTINGS.forWorkflow(workflow).image())
        .as("the Workflow's own image comes first")
        .isEqualTo(PLUGINS_IMAGE);
  }

  @Test
  void withoutItsOwnImageAPluginKindIsUnknown() {
    Validation validation = new SpecValidation(TestEngineSettings.SETTINGS).validate(pricing(null));
    assertThat(validation.valid()).isFalse();
    assertThat(validation.describe()).contains("spec.steps[0].kind").contains("price");
  }
}

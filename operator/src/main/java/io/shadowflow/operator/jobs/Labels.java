package io.shadowflow.operator.jobs;

import io.shadowflow.api.ApiGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the operator puts on what it creates, and the selectors its informers use. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String WORKFLOW = ApiGroup.GROUP + "/workflow";
  public static final String RUN_ID = ApiGroup.GROUP + "/run-id";
  public static final String SHADOW_RUN = ApiGroup.GROUP + "/shadowrun";
  public static final String CYCLE = ApiGroup.GROUP + "/cycle";
  public static final String PARENT = ApiGroup.GROUP + "/parent";

  public static final String OPERATOR = "shadowflow-operator";
  public static final String ENGINE = "engine";
  public static final String SHADOW_WORKER = "shadow-worker";

  private Labels() {}

  /** The labels every object of {@code component} carries. */
  public static Map<String, String> of(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "shadowflow");
    labels.put(COMPONENT, component);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(PART_OF, "shadowflow");
    return labels;
  }

  /** Selects the Jobs of one component that this operator made: what its informers watch. */
  public static String managed(String component) {
    return MANAGED_BY + "=" + OPERATOR + "," + COMPONENT + "=" + component;
  }

  /**
   * A Job name of at most 63 characters (its pods carry it in a label): {@code base}, cut if need
   * be, then {@code -suffix}.
   */
  public static String jobName(String base, String suffix) {
    int room = 63 - suffix.length() - 1;
    String head = base.length() > room ? base.substring(0, room) : base;
    while (head.endsWith("-")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + suffix;
  }
}

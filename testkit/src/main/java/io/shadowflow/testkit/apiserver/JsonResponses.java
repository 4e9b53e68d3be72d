package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** HTTP responses with a JSON body, as every API answer but logs and health checks is. */
final class JsonResponses {
  static final String JSON = "application/json";

  private JsonResponses() {}

  static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", JSON)
        .setBody(KubeJson.write(body));
  }
}

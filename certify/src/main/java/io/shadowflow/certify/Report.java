package io.shadowflow.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The certification report: every item with its outcome and evidence, what was certified, and a
 * signature block whose SHA-256 covers everything above it (the canonical JSON of the report
 * without the block), so an edited report no longer matches its signature.
 */
public record Report(
    String installation,
    Profile profile,
    Map<String, String> versions,
    List<Result> results,
    String signer,
    Instant date) {

  /** One item's outcome. */
  public record Result(Item item, Evidence evidence, Duration took) {}

  public boolean passed() {
    return results.size() == Item.values().length
        && results.stream().allMatch(r -> r.evidence().pass());
  }

  public long passes() {
    return results.stream().filter(r -> r.evidence().pass()).count();
  }

  /** The SHA-256 of the report's canonical JSON without its signature block. */
  public String sha256() {
    return Sha256.hex(CanonicalJson.of(unsigned()));
  }

  public String json() {
    ObjectNode json = unsigned();
    ObjectNode signature = json.putObject("signature");
    signature.put("sha256", sha256());
    signature.put("signer", signer);
    signature.put("date", date.toString());
    return Json.write(json);
  }

  private ObjectNode unsigned() {
    ObjectNode json = Json.object();
    json.put("installation", installation);
    json.put("profile", profile.name());
    json.put("passed", passed());
    json.put("passes", passes());
    json.put("items", Item.values().length);
    json.set("versions", Json.MAPPER.valueToTree(versions));
    ArrayNode items = json.putArray("results");
    for (Result r : results) {
      ObjectNode item = items.addObject();
      item.put("number", r.item().number());
      item.put("id", r.item().name());
      item.put("section", r.item().section().title());
      item.put("title", r.item().title());
      item.put("pass", r.evidence().pass());
      item.put("seconds", r.took().toMillis() / 1000.0);
      item.set("evidence", Json.MAPPER.valueToTree(r.evidence().lines()));
    }
    return json;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# shadowflow certification\n\n");
    md.append("- Installation: ").append(installation).append('\n');
    md.append("- Profile: ").append(profile.name()).append('\n');
    versions.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("- Result: **")
        .append(passed() ? "PASS" : "FAIL")
        .append("**, ")
        .append(passes())
        .append(" of ")
        .append(Item.values().length)
        .append(" items pass\n");
    Item.Section section = null;
    for (Result r : results) {
      if (r.item().section() != section) {
        section = r.item().section();
        md.append("\n## ").append(section.title()).append("\n\n");
      }
      md.append("### ")
          .append(r.item().number())
          .append(". ")
          .append(r.item().title())
          .append(": ")
          .append(r.evidence().pass() ? "pass" : "FAIL")
          .append(" (")
          .append(r.took().toSeconds())
          .append(" s)\n\n");
      r.evidence().lines().forEach(l -> md.append("- ").append(l.replace("\n", " ")).append('\n'));
      md.append('\n');
    }
    md.append("## Signature\n\n");
    md.append("- SHA-256 of the report (canonical JSON without this block): `")
        .append(sha256())
        .append("`\n");
    md.append("- Signed by: ").append(signer).append('\n');
    md.append("- Date: ").append(date).append('\n');
    return md.toString();
  }

  /** Whether a report's JSON still matches its signature. */
  public static boolean verify(String json) {
    ObjectNode report = (ObjectNode) Json.parse(json);
    JsonNode signature = report.remove("signature");
    return signature != null
        && signature.path("sha256").asText().equals(Sha256.hex(CanonicalJson.of(report)));
  }
}

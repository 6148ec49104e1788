package io.edgestorage.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Test access to the chart, its example values files and the plain manifests. */
final class Chart {

  static final Path CHART_DIR = dir("edge.chart.dir", "helm/edge-storage");
  static final Path MANIFESTS_DIR = dir("edge.manifests.dir", "manifests");
  static final Path EXAMPLES_DIR = CHART_DIR.resolve("../../examples").normalize();

  private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
      // Helm happily renders a label twice; the API server does not accept that.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final ChartRenderer RENDERER = new ChartRenderer(CHART_DIR);

  private Chart() {
  }

  private static Path dir(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }

  /** The values files the chart is rendered with in the parameterized tests: defaults, examples, manifests. */
  static Stream<ValuesCase> valuesCases() {
    List<ValuesCase> cases = new ArrayList<>();
    cases.add(new ValuesCase("defaults", List.of()));
    try (Stream<Path> files = Files.list(EXAMPLES_DIR)) {
      files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted()
          .forEach(f -> cases.add(new ValuesCase("examples/" + f.getFileName(), List.of(f))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cases.add(new ValuesCase("manifests/values.yaml", List.of(MANIFESTS_DIR.resolve(ManifestRenderer.VALUES_FILE))));
    return cases.stream();
  }

  static String template(List<Path> valuesFiles, Map<String, String> sets) {
    return RENDERER.template(valuesFiles, sets);
  }

  static Rendered render(List<Path> valuesFiles, Map<String, String> sets) {
    return new Rendered(parse(template(valuesFiles, sets)));
  }

  static Rendered render(Map<String, String> sets) {
    return render(List.of(), sets);
  }

  static Path example(String name) {
    return EXAMPLES_DIR.resolve(name);
  }

  static List<JsonNode> parse(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  record ValuesCase(String name, List<Path> files) {
    @Override
    public String toString() {
      return name;
    }
  }
}

package dev.cutover.tests.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation YAML template into a Jackson tree, turning every short-form intrinsic tag into its long
 * form the way CloudFormation does: {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Condition C} becomes {@code {"Condition": "C"}} and any other
 * {@code !Name v} becomes {@code {"Fn::Name": v}} (Sub, If, Join, Select, Split, Equals, Not, And, Or, FindInMap,
 * Base64, Cidr, GetAZs, ImportValue, Transform...). A plain YAML reader would drop the tags and keep only the
 * values, which would make {@code !Ref Foo} indistinguishable from the string "Foo".
 */
public final class CfnYaml {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CfnYaml() {}

    /** Parses the document; YAML errors propagate with SnakeYAML's line and column. */
    public static JsonNode parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        return JSON.valueToTree(document);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            // every local tag ("!Ref", "!Sub", ...) goes through one construct keyed by the "!" prefix
            this.yamlMultiConstructors.put("!", new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {

            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = "GetAtt".equals(name) ? splitGetAtt(text) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                String key = "Ref".equals(name) || "Condition".equals(name) ? name : "Fn::" + name;
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }

    private static List<String> splitGetAtt(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("!GetAtt needs Resource.Attribute, got: " + text);
        }
        return List.of(text.substring(0, dot), text.substring(dot + 1));
    }
}

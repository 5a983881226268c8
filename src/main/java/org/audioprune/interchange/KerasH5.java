package org.audioprune.interchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;

/**
 * The weight arrays of a Keras {@code .h5} file (read with jHDF), in {@code model.get_weights()}
 * order. Both of Keras's HDF5 layouts are accepted: {@code model.save} (weights under the group
 * {@code model_weights}, the architecture as JSON in the root attribute {@code model_config}) and
 * {@code model.save_weights} (weights at the root). In either, the group's {@code layer_names}
 * attribute lists the layers in order and each layer group's {@code weight_names} its arrays
 * ({@code conv2d/kernel:0}, ...), stored at {@code <layer>/<weight name>}.
 */
final class KerasH5 {
    /** Keras's BatchNormalization default, the DCASE21 spec's epsilon. */
    static final double KERAS_EPSILON = 1e-3;

    private KerasH5() {
    }

    static List<KerasImporter.KerasArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AudioPruneException(file + ": no such file");
        }
        try (HdfFile h5 = new HdfFile(file)) {
            checkEpsilon(h5);
            Node weightsNode = h5.getChildren().get("model_weights");
            Group root = weightsNode instanceof Group g ? g : h5;
            String[] layers = strings(root.getAttribute("layer_names"));
            if (layers == null) {
                throw new AudioPruneException(file + ": no layer_names attribute: not a Keras weights file");
            }
            List<KerasImporter.KerasArray> out = new ArrayList<>();
            for (String layer : layers) {
                Node node = root.getChildren().get(layer);
                if (!(node instanceof Group lg)) {
                    throw new AudioPruneException(file + ": layer " + layer + " is listed in layer_names but has no group");
                }
                String[] names = strings(lg.getAttribute("weight_names"));
                for (String wn : names == null ? new String[0] : names) {
                    Node d = lg.getByPath(wn);
                    if (!(d instanceof Dataset ds)) {
                        throw new AudioPruneException(file + ": layer " + layer + ": weight " + wn + " is missing");
                    }
                    out.add(new KerasImporter.KerasArray("layer " + layer + " " + wn.substring(wn.lastIndexOf('/') + 1),
                            ds.getDimensionsAsLong(), floats(ds, file, layer, wn)));
                }
            }
            return out;
        } catch (HdfException e) {
            throw new AudioPruneException(file + ": not a readable HDF5 file (truncated or damaged?): "
                    + NumpyPickle.oneLine(e));
        }
    }

    private static float[] floats(Dataset ds, Path file, String layer, String name) {
        Object data = ds.getDataFlat();
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new AudioPruneException(file + ": layer " + layer + ": weight " + name + " holds " + ds.getJavaType()
                + ", expected float32 or float64");
    }

    private static String[] strings(Attribute a) {
        if (a == null) {
            return null;
        }
        Object d = a.getData();
        if (d == null) {
            return new String[0];
        }
        return d instanceof String[] s ? s : d instanceof String s ? new String[] {s} : null;
    }

    /** Refuses a model_config whose batch norms use another epsilon than the dcase21 spec's. */
    private static void checkEpsilon(HdfFile h5) {
        Attribute config = h5.getAttribute("model_config");
        if (config == null || !(config.getData() instanceof String json)) {
            return; // save_weights files carry no architecture: Keras's default applies
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AudioPruneException(h5.getFile() + ": attribute model_config is not JSON: " + NumpyPickle.oneLine(e));
        }
        for (JsonNode layer : root.path("config").path("layers")) {
            if (layer.path("class_name").asText().equals("BatchNormalization")) {
                double eps = layer.path("config").path("epsilon").asDouble(KERAS_EPSILON);
                if (Math.abs(eps - KERAS_EPSILON) > 1e-12) {
                    throw new AudioPruneException(String.format(Locale.ROOT, "%s: layer %s has batch-norm epsilon %g; the dcase21"
                            + " network uses Keras's %g", h5.getFile(), layer.path("config").path("name").asText(), eps,
                            KERAS_EPSILON));
                }
            }
        }
    }
}

package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A residual block: output = activation(main(x) + shortcut(x)), each branch a chain of layers from
 * the block's input; an empty shortcut is the identity. PANNs' ResNet basic block is
 * {@code main = [avg-pool 2 (stride-2 blocks), conv 3×3 + BN + ReLU, dropout 0.1, conv 3×3 + BN]},
 * {@code shortcut = [avg-pool 2, conv 1×1 + BN]} (the downsample branch) or empty, then ReLU; an
 * inverted residual of MobileNetV2 is {@code main = [1×1 expand, depthwise, 1×1 project]}, identity
 * shortcut, no activation. One composite type keeps the spec declarative: every method is its
 * members', walked along the two branches, and the addition ties the two branch outputs into one
 * channel group ({@link #couple}).
 *
 * @param name       the block's name (for summaries and errors; its members carry the tensor names)
 * @param main       the main branch
 * @param shortcut   the shortcut branch; empty = identity
 * @param activation applied after the addition
 */
@JsonTypeName("residual")
public record Residual(String name, List<LayerSpec> main, List<LayerSpec> shortcut, Activation activation)
        implements LayerSpec {
    public Residual {
        Layers.requireName(name);
        Layers.required(main, "main", "residual " + name);
        Layers.required(shortcut, "shortcut", "residual " + name);
        Layers.required(activation, "activation", "residual " + name);
        main = List.copyOf(main);
        shortcut = List.copyOf(shortcut);
        if (main.isEmpty()) {
            throw new IllegalArgumentException("residual " + name + ": the main branch is empty");
        }
    }

    @Override
    public String describe() {
        return "residual " + name;
    }

    @Override
    public Residual wiredTo(FeatureShape in) {
        List<LayerSpec> m = wired(main, in);
        List<LayerSpec> s = wired(shortcut, in);
        FeatureShape outMain = output(m, in);
        FeatureShape outShort = output(s, in);
        if (!outMain.equals(outShort)) {
            throw new IllegalArgumentException(describe() + ": the main branch outputs " + outMain
                    + " but the shortcut " + outShort + "; they must be equal to be added");
        }
        return new Residual(name, m, s, activation);
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return output(main, in);
    }

    @Override
    public LayerSpec resolvedAt(FeatureShape in) {
        return new Residual(name, resolved(main, in), resolved(shortcut, in), activation);
    }

    @Override
    public List<TensorSpec> parameters() {
        List<TensorSpec> out = new ArrayList<>();
        for (LayerSpec l : both()) {
            out.addAll(l.parameters());
        }
        return out;
    }

    @Override
    public long macs(FeatureShape in) {
        return macs(main, in) + macs(shortcut, in);
    }

    @Override
    public List<LayerSpec> members() {
        List<LayerSpec> out = new ArrayList<>();
        for (LayerSpec l : both()) {
            out.addAll(l.members());
        }
        return out;
    }

    @Override
    public Residual withFilterWidths(Map<String, Integer> widths) {
        return new Residual(name, main.stream().map(l -> l.withFilterWidths(widths)).toList(),
                shortcut.stream().map(l -> l.withFilterWidths(widths)).toList(), activation);
    }

    /** The two branches' output sets meet at the addition: one set. */
    @Override
    public int couple(int in, ChannelFlow flow) {
        int m = in;
        for (LayerSpec l : main) {
            m = l.couple(m, flow);
        }
        int s = in;
        for (LayerSpec l : shortcut) {
            s = l.couple(s, flow);
        }
        return flow.tie(m, s, this);
    }

    /**
     * Each branch cut by its members; both branches must keep the same output channels (a plan that
     * splits the group tied here is refused before surgery, naming the group; this is the backstop).
     */
    @Override
    public ChannelCut cut(FeatureShape in, int[] liveIn, Function<String, int[]> keptFilters) {
        Map<String, int[][]> kept = new LinkedHashMap<>();
        int[] outMain = cut(main, in, liveIn, keptFilters, kept);
        int[] outShort = cut(shortcut, in, liveIn, keptFilters, kept);
        if (!Arrays.equals(outMain, outShort)) {
            throw new IllegalArgumentException(describe() + ": the branches would keep different channels ("
                    + (outMain == null ? "all" : outMain.length) + " and " + (outShort == null ? "all" : outShort.length)
                    + "); the channels added here must be pruned together");
        }
        return new ChannelCut(outMain, kept);
    }

    @Override
    public void replayRandomDraws(NDManager manager, FeatureShape in, long batch) {
        for (List<LayerSpec> branch : List.of(main, shortcut)) {
            FeatureShape s = in;
            for (LayerSpec l : branch) {
                l.replayRandomDraws(manager, s, batch);
                s = l.outputShape(s);
            }
        }
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return new Block(this, in);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        List<InferenceStep> out = new ArrayList<>();
        out.add(new AddStep(steps(main, in, weights), steps(shortcut, in, weights)));
        out.addAll(activation.steps());
        return out;
    }

    /** Both branches from {@code x}, ONNX Add, then the activation. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return activation.emitOnnx(onnx, onnx.node("Add", emitOnnx(main, onnx, in, x, weights),
                emitOnnx(shortcut, onnx, in, x, weights)));
    }

    private static String emitOnnx(List<LayerSpec> chain, OnnxEmitter onnx, FeatureShape in, String x,
                                   Function<String, float[]> weights) {
        String y = x;
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            y = l.emitOnnx(onnx, s, y, weights);
            s = l.outputShape(s);
        }
        return y;
    }

    private List<LayerSpec> both() {
        List<LayerSpec> out = new ArrayList<>(main);
        out.addAll(shortcut);
        return out;
    }

    private static List<LayerSpec> wired(List<LayerSpec> chain, FeatureShape in) {
        List<LayerSpec> out = new ArrayList<>();
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            LayerSpec w = Layers.required(l, "layer", "residual branch").wiredTo(s);
            s = w.outputShape(s);
            out.add(w);
        }
        return out;
    }

    private static FeatureShape output(List<LayerSpec> chain, FeatureShape in) {
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            s = l.outputShape(s);
        }
        return s;
    }

    private static List<LayerSpec> resolved(List<LayerSpec> chain, FeatureShape in) {
        List<LayerSpec> out = new ArrayList<>();
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            out.add(l.resolvedAt(s));
            s = l.outputShape(s);
        }
        return out;
    }

    private static long macs(List<LayerSpec> chain, FeatureShape in) {
        long n = 0;
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            n += l.macs(s);
            s = l.outputShape(s);
        }
        return n;
    }

    private static int[] cut(List<LayerSpec> chain, FeatureShape in, int[] liveIn, Function<String, int[]> keptFilters,
                             Map<String, int[][]> kept) {
        int[] live = liveIn;
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            ChannelCut c = l.cut(s, live, keptFilters);
            kept.putAll(c.keptIndices());
            live = c.liveOutputs();
            s = l.outputShape(s);
        }
        return live;
    }

    private static List<InferenceStep> steps(List<LayerSpec> chain, FeatureShape in, Function<String, float[]> weights) {
        List<InferenceStep> out = new ArrayList<>();
        FeatureShape s = in;
        for (LayerSpec l : chain) {
            out.addAll(l.inferenceSteps(s, weights));
            s = l.outputShape(s);
        }
        return out;
    }

    /** Training block: the branches' blocks as children, then the addition and the activation. */
    private static final class Block extends LayerBlock {
        private final Residual spec;
        private final List<LayerBlock> mainBlocks = new ArrayList<>();
        private final List<LayerBlock> shortBlocks = new ArrayList<>();
        private final List<FeatureShape> mainInputs = new ArrayList<>();
        private final List<FeatureShape> shortInputs = new ArrayList<>();

        Block(Residual spec, FeatureShape in) {
            super(spec.outputShape(in));
            this.spec = spec;
            add(spec.main, in, "main", mainBlocks, mainInputs);
            add(spec.shortcut, in, "shortcut", shortBlocks, shortInputs);
        }

        private void add(List<LayerSpec> chain, FeatureShape in, String branch, List<LayerBlock> blocks,
                         List<FeatureShape> inputs) {
            FeatureShape s = in;
            for (int i = 0; i < chain.size(); i++) {
                LayerSpec l = chain.get(i);
                blocks.add(addChildBlock(branch + i, l.block(s)));
                inputs.add(s);
                s = l.outputShape(s);
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray m = x;
            for (LayerBlock b : mainBlocks) {
                m = b.forward(ps, m, training);
            }
            NDArray s = x;
            for (LayerBlock b : shortBlocks) {
                s = b.forward(ps, s, training);
            }
            return new NDList(spec.activation.apply(m.add(s)));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            long batch = inputShapes[0].get(0);
            for (int i = 0; i < mainBlocks.size(); i++) {
                mainBlocks.get(i).initialize(manager, dataType, new Shape(mainInputs.get(i).withBatch(batch)));
            }
            for (int i = 0; i < shortBlocks.size(); i++) {
                shortBlocks.get(i).initialize(manager, dataType, new Shape(shortInputs.get(i).withBatch(batch)));
            }
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            Map<String, Parameter> out = new LinkedHashMap<>();
            mainBlocks.forEach(b -> out.putAll(b.namedParameters()));
            shortBlocks.forEach(b -> out.putAll(b.namedParameters()));
            return out;
        }
    }

    /** Inference: both compiled branches on the input, added. The optimiser rewrites inside each branch. */
    private record AddStep(List<InferenceStep> main, List<InferenceStep> shortcut) implements InferenceStep {
        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            List<Op> m = main.stream().map(s -> s.compile(manager, channelsLast)).toList();
            List<Op> s = shortcut.stream().map(t -> t.compile(manager, channelsLast)).toList();
            return x -> {
                NDArray a = x;
                for (Op op : m) {
                    a = op.apply(a);
                }
                NDArray b = x;
                for (Op op : s) {
                    b = op.apply(b);
                }
                return a.add(b);
            };
        }

        @Override
        public InferenceStep rewrittenWith(UnaryOperator<List<InferenceStep>> rewrite) {
            return new AddStep(rewrite.apply(main), rewrite.apply(shortcut));
        }
    }
}

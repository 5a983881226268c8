package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.audioprune.model.layer.InferenceStep;

/**
 * Convolutions with weights reordered into oneDNN's blocked layout once per batch size and kept, run
 * by libtorch through a small TorchScript module that this class writes itself, without Python.
 * <p>Why: libtorch's eager conv (all DJL can call) reorders the weight on every call; for CNN14's
 * 80 M weights that is more than half of the latency (docs/benchmarks.md, "Inference forms"). The
 * ops that keep a reordered weight ({@code mkldnn_reorder_conv2d_weight} and oneDNN's
 * {@code mkldnn::_convolution_pointwise}, what {@code torch.jit.optimize_for_inference} and
 * torch.compile use) are not in DJL's API, but DJL loads TorchScript archives and calls their
 * methods. The archive is one generic module (no weights inside): {@code add} takes a dense conv
 * weight, bias, padding, groups and fused activation ({@code none} or {@code relu}) and returns the
 * conv's index; {@code conv(x, k)} reorders conv k's weight
 * for x's shape on the first call at that batch size, keeps it in the module (one dict keyed by
 * batch · 65536 + k: a dict per conv made by a literal in {@code add} was one shared dict), and
 * convolves the dense maps (NCHW or channels-last) with it. Written by hand because no Java library writes TorchScript:
 * the archive is a zip of the source in {@code code/}, a protocol-2 pickle of the module's (empty)
 * attributes in {@code data.pkl}, no constants, and format version 3, the layout PyTorch itself saves.
 */
final class PackedConvolutions implements InferenceStep.ConvPacker, AutoCloseable {
    private static final String CLASS = "PackedConvolutions";
    private static final String SOURCE = """
            class PackedConvolutions(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              weights : List[Tensor]
              biases : List[Tensor]
              paddings : List[List[int]]
              groups : List[int]
              attrs : List[str]
              packed : Dict[int, Tensor]
              def forward(self: __torch__.PackedConvolutions,
                x: Tensor) -> Tensor:
                return x
              def add(self: __torch__.PackedConvolutions,
                w: Tensor,
                b: Tensor,
                padding: List[int],
                g: int,
                attr: str) -> int:
                weights = self.weights
                _0 = torch.append(weights, torch.to_mkldnn(w))
                biases = self.biases
                _1 = torch.append(biases, b)
                paddings = self.paddings
                _2 = torch.append(paddings, padding)
                groups = self.groups
                _3 = torch.append(groups, g)
                attrs = self.attrs
                _4 = torch.append(attrs, attr)
                return torch.sub(torch.len(self.weights), 1)
              def conv(self: __torch__.PackedConvolutions,
                x: Tensor,
                k: int) -> Tensor:
                packed = self.packed
                key = torch.add(torch.mul(torch.size(x, 0), 65536), k)
                paddings = self.paddings
                padding = paddings[k]
                groups = self.groups
                g = groups[k]
                if torch.__contains__(packed, key):
                  w = packed[key]
                else:
                  weights = self.weights
                  w0 = torch.mkldnn_reorder_conv2d_weight(weights[k], padding, [1, 1], [1, 1], g, torch.size(x))
                  torch._set_item(packed, key, w0)
                  w = w0
                biases = self.biases
                attrs = self.attrs
                _5 = ops.mkldnn._convolution_pointwise(x, w, biases[k], padding, [1, 1], [1, 1], g, attrs[k], [], None)
                return _5
            """;
    private static final byte[] ARCHIVE = archive();

    private final PtNDManager manager;
    private final PtSymbolBlock module;

    /** A fresh module (its packed weights live as long as it does) owned by {@code manager}. */
    PackedConvolutions(NDManager manager) {
        this.manager = (PtNDManager) manager;
        try {
            this.module = JniUtils.loadModule(this.manager, new ByteArrayInputStream(ARCHIVE), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InferenceStep.Op conv(NDArray weight, NDArray bias, long padH, long padW, int groups, boolean relu) {
        long k;
        try (IValue w = IValue.from((PtNDArray) weight); IValue b = IValue.from((PtNDArray) bias);
             IValue p = IValue.listFrom(padH, padW); IValue g = IValue.from((long) groups);
             IValue attr = IValue.from(relu ? "relu" : "none");
             IValue index = IValueUtils.runMethod(module, "add", w, b, p, g, attr)) {
            k = index.toLong();
        }
        return x -> {
            try (IValue in = IValue.from((PtNDArray) x); IValue kk = IValue.from(k);
                 IValue out = IValueUtils.runMethod(module, "conv", in, kk)) {
                return out.toTensor((PtNDManager) x.getManager());
            }
        };
    }

    @Override
    public void close() {
        module.close();
    }

    /** The TorchScript archive: code, attributes, no constants, version. */
    private static byte[] archive() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            entry(z, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            entry(z, "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // PROTO 2, EMPTY_TUPLE, STOP
            entry(z, "data.pkl", attributes());
            entry(z, "code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }

    private static void entry(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry("archive/" + name));
        z.write(data);
        z.closeEntry();
    }

    /**
     * The module object as TorchScript pickles it: {@code __torch__.PackedConvolutions} built from a
     * dict of its attributes, training false, every list and dict empty and tagged with its type.
     */
    private static byte[] attributes() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2); // PROTO 2
        ascii(p, "c__torch__\n" + CLASS + "\n"); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('('); // MARK
        unicode(p, "training");
        p.write(0x89); // NEWFALSE
        String[][] containers = {{"weights", "List[Tensor]"}, {"biases", "List[Tensor]"},
            {"paddings", "List[List[int]]"}, {"groups", "List[int]"}, {"attrs", "List[str]"}, {"packed", "Dict[int, Tensor]"}};
        for (String[] l : containers) {
            unicode(p, l[0]);
            ascii(p, "ctorch.jit._pickle\nrestore_type_tag\n"); // GLOBAL
            p.write(l[1].startsWith("Dict") ? '}' : ']'); // EMPTY_DICT or EMPTY_LIST
            unicode(p, l[1]);
            p.write(0x86); // TUPLE2
            p.write('R'); // REDUCE
        }
        p.write('u'); // SETITEMS
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream p, String s) {
        p.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** BINUNICODE: 'X', length as 4 bytes little-endian, UTF-8. */
    private static void unicode(ByteArrayOutputStream p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.write('X');
        for (int i = 0; i < 4; i++) {
            p.write(b.length >>> (8 * i));
        }
        p.writeBytes(b);
    }
}

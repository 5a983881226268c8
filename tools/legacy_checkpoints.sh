#!/usr/bin/env bash
# Makes the test fixture src/test/resources/model/legacy-v1/: checkpoints written by the code of
# commit 583d993 (spec.json format version 1, before layer types owned their behaviour), so that
# the tests can check that checkpoints users already have still load and compute the same logits.
#
#   tools/legacy_checkpoints.sh [OUT_DIR]     (default: src/test/resources/model/legacy-v1)
#
# Builds 583d993 from this repository's history in a temporary folder, trains a dcase21 (built-in
# instruments) and a cnn6 (built-in instruments-multi) with fixed seeds, prunes both down to 2 or 4
# filters per conv layer (small files), and records with that code's NetworkRunner the logits of
# 30 · InferenceLatency.randomInput(spec, 3, 11) in logits.json. Needs only a JDK 17 and ~/.m2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/src/test/resources/model/legacy-v1}"
commit=583d993
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$here" archive --format=tar "$commit" | tar -x -C "$work"
(cd "$work" && ./mvnw -B -q -o -DskipTests package)
export AUDIOPRUNE_CACHE="$work/cache"
ap() { "$work/audioprune" "$@"; }
DS=(--clip-seconds 1.0 --seed 7 --no-progress --threads 1)
ap train --model dcase21 --dataset builtin:instruments --clips-per-class 6 --epochs 2 "${DS[@]}" \
  --out "$work/dcase21.ckpt" >/dev/null
ap train --model cnn6 --dataset builtin:instruments-multi --clips-per-class 3 --epochs 1 --batch-size 8 "${DS[@]}" \
  --out "$work/cnn6.ckpt" >/dev/null
rm -rf "$out"
mkdir -p "$out"
# dcase21: keep ceil((1-p)·n) = 2 filters of every conv layer
ap prune --checkpoint "$work/dcase21.ckpt" --ratios C1=0.875,C2=0.875,C3=0.9375 --criterion l1 --no-latency \
  --no-progress --out "$out/dcase21-tiny.ckpt" --report "$work/report-dcase21" >/dev/null
# cnn6: 4 filters per layer
ap prune --checkpoint "$work/cnn6.ckpt" --ratios C1=0.9375,C2=0.96875,C3=0.984375,C4=0.9921875 --criterion l1 \
  --no-latency --no-progress --out "$out/cnn6-tiny.ckpt" --report "$work/report-cnn6" >/dev/null
cat > "$work/Logits.java" <<'EOF'
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.audioprune.Engine;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.NetworkRunner;

public class Logits {
    public static void main(String[] args) throws Exception {
        Engine.configureOffline();
        StringBuilder json = new StringBuilder("{\n  \"input\": \"30 * InferenceLatency.randomInput(spec, 3, 11)\"");
        for (String name : new String[] {"dcase21-tiny", "cnn6-tiny"}) {
            Checkpoint c = Checkpoint.load(Path.of(args[0], name + ".ckpt"));
            try (NetworkRunner r = new NetworkRunner(c.spec(), c.weights())) {
                float[] x = InferenceLatency.randomInput(c.spec(), 3, 11);
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 30; // log-mel scale, so that cnn6's bn0 (fitted on dB values) passes the variation on
                }
                float[] logits = r.logits(x, 3);
                String values = Arrays.stream(box(logits)).map(String::valueOf).collect(Collectors.joining(", "));
                json.append(",\n  \"").append(name).append("\": [").append(values).append("]");
            }
        }
        Files.writeString(Path.of(args[0], "logits.json"), json.append("\n}\n").toString());
    }

    private static Float[] box(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }
}
EOF
PYTORCH_FLAVOR=cpu java -Dai.djl.offline=true -cp "$work/target/audioprune.jar:$work/target/lib/*" "$work/Logits.java" "$out"
cat > "$out/README.md" <<EOF
Checkpoints written by AudioPrune at commit $commit (spec.json format version 1), made by
\`tools/legacy_checkpoints.sh\`: a dcase21 trained 2 epochs on builtin:instruments (6 clips per
family, 1 s, seed 7) and a cnn6 trained 1 epoch on builtin:instruments-multi (3 clips per family),
pruned to 2 (dcase21) and 4 (cnn6) filters per conv layer by \`l1\`. \`logits.json\`: that code's NetworkRunner logits for
30 · \`InferenceLatency.randomInput(spec, 3, 11)\`. JDK $(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/'),
DJL 0.36.0 with the bundled PyTorch 2.7.1 CPU natives.
EOF
echo "wrote $out"

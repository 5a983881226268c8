package org.audioprune.interchange;

import java.util.List;
import org.audioprune.model.Checkpoint;

/**
 * An imported network.
 *
 * @param checkpoint the network as an AudioPrune checkpoint (not yet saved)
 * @param findings   what the import found and checked, one line each (family, widths, front end)
 */
public record Imported(Checkpoint checkpoint, List<String> findings) {
    public Imported {
        findings = List.copyOf(findings);
    }
}

package org.audioprune.work;

import java.io.Serializable;

/**
 * One unit of a job: a small, serialisable descriptor (a record) of work that an engine may run in
 * any process, any number of times, with the same outcome. Its {@link #id()} names the folder its
 * outputs are published in, so it is the unit's identity: two units of a job never share an id.
 */
public interface WorkUnit extends Serializable {
    /**
     * Unique within its job and usable as a file name on every system: 1 to 160 characters from
     * {@code A-Z a-z 0-9 . _ - = +}, not starting with a dot.
     */
    String id();
}

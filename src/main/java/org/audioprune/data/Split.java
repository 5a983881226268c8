package org.audioprune.data;

/** A dataset partition. Validation is always carved from training, never from test. */
public enum Split {
    TRAIN, VALIDATION, TEST
}

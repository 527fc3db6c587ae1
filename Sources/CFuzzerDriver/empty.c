/* Intentionally empty: SwiftPM needs a source file for a C target. */

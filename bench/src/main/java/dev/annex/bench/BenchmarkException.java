package dev.annex.bench;

/** A problem with the user's input to a benchmark (files, arguments); printed as one line, never as a stack trace. */
public final class BenchmarkException extends RuntimeException {

    public BenchmarkException(String message) {
        super(message);
    }
}

package io.braid.catalog;

/**
 * A job asked one of Braid's batch artifacts to act, but it is not a workflow deployed in this application, or its
 * Braid properties differ from the deployed workflow's (e.g. inline job XML that was edited). Braid refuses.
 */
public class UnverifiedJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnverifiedJobException(String message) {
        super(message);
    }
}

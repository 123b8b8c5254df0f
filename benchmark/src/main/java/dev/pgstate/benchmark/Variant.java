package dev.pgstate.benchmark;

/** The two kinds of spec measured at every size: the password checks are the one costly step of planning. */
enum Variant {
    /** Login roles whose passwords the spec does not manage. */
    NO_PASSWORDS("no passwords"),
    /** Every login role's password from its own secret file, so each is checked against its stored verifier. */
    SECRET_FILES("secret files");

    private final String label;

    Variant(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

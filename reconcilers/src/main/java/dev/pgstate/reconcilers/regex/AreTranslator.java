package dev.pgstate.reconcilers.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads a pattern the way PostgreSQL's regex compiler does for pg_hba.conf (ARE syntax, case-sensitive, the C
 * collation: classes and case folding are ASCII-only) and writes an equivalent java.util.regex pattern.
 *
 * <p>The lexer and the recursive descent follow the server's order of reading (one token of look-ahead, the same
 * points where the next token is read), so a pattern the server rejects is rejected here with the same reason.
 * Every character set is computed here as explicit code point ranges, every anchor and word boundary is written as
 * an explicit look-around, and no Java flag is used, so nothing depends on Java's own reading of classes, case or
 * line terminators. What cannot be translated faithfully is refused ({@link PgRegexException#refusedByServer()}
 * false): the BRE and ERE flavours ({@code (?b)}, {@code (?e)}), back references to a group that might not take
 * part in the match, lookbehind constraints whose length java.util.regex cannot bound, and patterns too large
 * or too deep to be sure the server would compile them.
 */
final class AreTranslator {

    // Token types that are not a character of their own (those use the character: | * + ? { } ( ) [ ] . ^ $ < > ,).
    private static final int EMPTY = -1;
    private static final int EOS = -2;
    private static final int PLAIN = -3;
    private static final int DIGIT = -4;
    private static final int BACKREF = -5;
    private static final int COLLEL = -6;
    private static final int ECLASS = -7;
    private static final int CCLASS = -8;
    private static final int END = -9;
    private static final int RANGE = -10;
    private static final int LACON = -11;
    private static final int SBEGIN = -12;
    private static final int SEND = -13;
    private static final int WBDRY = -14;
    private static final int NWBDRY = -15;
    private static final int CCLASSS = -16;
    private static final int CCLASSC = -17;

    private enum Context { ARE, QUOTE, BOUND, BRACKET, COLLATING, EQUIVALENCE, CLASS }

    private static final int AHEAD_POS = 0;
    private static final int AHEAD_NEG = 1;
    private static final int BEHIND_POS = 2;
    private static final int BEHIND_NEG = 3;

    private static final int DUPMAX = 255;
    private static final int INFINITE = -1;
    private static final long CHR_MAX = 0x7ffffffeL;
    /** Past this many expanded pattern elements the server may answer "regular expression is too complex". */
    private static final long MAX_WEIGHT = 2_000;
    /** Deeper nesting is refused before it can exhaust the stack here or in java.util.regex. */
    private static final int MAX_NESTING = 100;

    private static final CodePoints WORD = CharClass.WORD.chars(false);
    private static final String WORD_JAVA = WORD.toJava();
    private static final String WORD_BEGIN = "(?<!" + WORD_JAVA + ")(?=" + WORD_JAVA + ")";
    private static final String WORD_END = "(?<=" + WORD_JAVA + ")(?!" + WORD_JAVA + ")";
    private static final CodePoints NEWLINE = CodePoints.of('\n');

    /** POSIX names of single characters usable in {@code [[.name.]]} and {@code [[=name=]]}. */
    private static final Map<String, Integer> CHARACTER_NAMES = characterNames();

    private final int[] re;
    private int now;

    private boolean icase;
    private boolean expanded;
    private boolean nlstop;
    private boolean nlanch;

    private Context context;
    private int nexttype;
    private long nextvalue;
    private int lasttype;

    /** Capturing groups opened so far ({@code nsubexp}), which are closed, and which might not take part. */
    private int groups;
    private boolean[] closed = new boolean[16];
    private boolean[] conditional = new boolean[16];
    /** For each open alternation: groups opened before it, and before its current branch. */
    private final Deque<int[]> alternations = new ArrayDeque<>();
    private int lookaroundDepth;
    /** Whether the lookaround being read holds a quantifier without an upper bound. */
    private boolean unboundedInLookaround;
    private int backReferences;
    private String refusal;

    private AreTranslator(String pattern) {
        this.re = pattern.codePoints().toArray();
    }

    /** The java.util.regex equivalent of {@code pattern} as pg_hba.conf compiles it. */
    static String translate(String pattern) throws PgRegexException {
        return new AreTranslator(pattern).translate();
    }

    private String translate() throws PgRegexException {
        boolean quote = prefixes();
        context = quote ? Context.QUOTE : Context.ARE;
        nexttype = EMPTY;
        next();
        Translated whole = parse(EOS);
        if (refusal != null) {
            throw PgRegexException.notEvaluated(refusal);
        }
        if (whole.weight > MAX_WEIGHT) {
            throw PgRegexException.notEvaluated("a pattern this large (the server may find it too complex)");
        }
        return whole.java;
    }

    /** Java text of a parsed piece, and how many elements the server's automaton would roughly hold for it. */
    private record Translated(String java, long weight) {
    }

    // ---------------------------------------------------------------- prefixes

    /** {@code ***=}, {@code ***:} and the leading embedded options; true when the rest is a literal string. */
    private boolean prefixes() throws PgRegexException {
        if (have(4) && re[0] == '*' && re[1] == '*' && re[2] == '*') {
            switch (re[3]) {
                case '?' -> throw PgRegexException.serverRejects(ServerError.BAD_PATTERN);
                case '=' -> {
                    now = 4;
                    return true;
                }
                case ':' -> now = 4;
                default -> throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
            }
        }
        boolean quote = false;
        String otherFlavour = null;
        if (have(3) && re[now] == '(' && re[now + 1] == '?' && isAsciiAlpha(re[now + 2])) {
            now += 2;
            for (; !atEos() && isAsciiAlpha(re[now]); now++) {
                switch (re[now]) {
                    case 'b' -> otherFlavour = "the BRE syntax that (?b) selects";
                    case 'e' -> otherFlavour = "the ERE syntax that (?e) selects";
                    case 'c' -> icase = false;
                    case 'i' -> icase = true;
                    case 'm', 'n' -> {
                        nlstop = true;
                        nlanch = true;
                    }
                    case 'p' -> {
                        nlstop = true;
                        nlanch = false;
                    }
                    case 'q' -> quote = true;
                    case 's' -> {
                        nlstop = false;
                        nlanch = false;
                    }
                    case 't' -> expanded = false;
                    case 'w' -> {
                        nlstop = false;
                        nlanch = true;
                    }
                    case 'x' -> expanded = true;
                    default -> throw PgRegexException.serverRejects(ServerError.BAD_OPTION);
                }
            }
            if (atEos() || re[now] != ')') {
                throw PgRegexException.serverRejects(ServerError.BAD_OPTION);
            }
            now++;
            if (otherFlavour != null) {
                throw PgRegexException.notEvaluated(otherFlavour);
            }
            if (quote) {
                expanded = false;
                nlstop = false;
                nlanch = false;
            }
        }
        return quote;
    }

    // ---------------------------------------------------------------- lexer

    private boolean atEos() {
        return now >= re.length;
    }

    private boolean have(int n) {
        return re.length - now >= n;
    }

    private boolean nextIs(int c) {
        return !atEos() && re[now] == c;
    }

    private void set(int type, long value) {
        nexttype = type;
        nextvalue = value;
    }

    private boolean see(int type) {
        return nexttype == type;
    }

    private boolean eat(int type) throws PgRegexException {
        if (see(type)) {
            next();
            return true;
        }
        return false;
    }

    private void next() throws PgRegexException {
        while (true) {
            lasttype = nexttype;
            if (expanded && (context == Context.ARE || context == Context.BOUND)) {
                skipBlanksAndComments();
            }
            if (atEos()) {
                switch (context) {
                    case ARE, QUOTE -> set(EOS, 0);
                    case BOUND -> throw PgRegexException.serverRejects(ServerError.BRACES);
                    default -> throw PgRegexException.serverRejects(ServerError.BRACKETS);
                }
                return;
            }
            int c = re[now++];
            switch (context) {
                case QUOTE -> set(PLAIN, c);
                case BOUND -> lexBound(c);
                case BRACKET -> lexBracket(c);
                case COLLATING -> lexBracketItem(c, '.');
                case EQUIVALENCE -> lexBracketItem(c, '=');
                case CLASS -> lexBracketItem(c, ':');
                case ARE -> {
                    if (lexAre(c)) {
                        return;
                    }
                    continue; // a (?#comment) was skipped
                }
            }
            return;
        }
    }

    private void lexBound(int c) throws PgRegexException {
        if (c >= '0' && c <= '9') {
            set(DIGIT, c - '0');
        } else if (c == ',') {
            set(',', 0);
        } else if (c == '}') {
            context = Context.ARE;
            if (nextIs('?')) {
                now++;
            }
            set('}', 0);
        } else {
            throw PgRegexException.serverRejects(ServerError.BAD_COUNT);
        }
    }

    private void lexBracket(int c) throws PgRegexException {
        switch (c) {
            case ']' -> {
                if (lasttype == '[') {
                    set(PLAIN, c);
                } else {
                    context = Context.ARE;
                    set(']', 0);
                }
            }
            case '\\' -> {
                if (atEos()) {
                    throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
                }
                lexEscape();
                if (nexttype != PLAIN && nexttype != CCLASSS && nexttype != CCLASSC) {
                    throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
                }
            }
            case '-' -> set(lasttype == '[' || nextIs(']') ? PLAIN : RANGE, c);
            case '[' -> {
                if (atEos()) {
                    throw PgRegexException.serverRejects(ServerError.BRACKETS);
                }
                switch (re[now++]) {
                    case '.' -> {
                        context = Context.COLLATING;
                        set(COLLEL, 0);
                    }
                    case '=' -> {
                        context = Context.EQUIVALENCE;
                        set(ECLASS, 0);
                    }
                    case ':' -> {
                        context = Context.CLASS;
                        set(CCLASS, 0);
                    }
                    default -> {
                        now--;
                        set(PLAIN, c);
                    }
                }
            }
            default -> set(PLAIN, c);
        }
    }

    /** Inside {@code [. .]}, {@code [= =]} or {@code [: :]}: characters until the closing pair. */
    private void lexBracketItem(int c, int closer) {
        if (c == closer && nextIs(']')) {
            now++;
            context = Context.BRACKET;
            set(END, c);
        } else {
            set(PLAIN, c);
        }
    }

    /** One ARE token; false when a comment was skipped and the caller must read on. */
    private boolean lexAre(int c) throws PgRegexException {
        switch (c) {
            case '|', ')', '.', '^', '$' -> set(c, 0);
            case '*', '+', '?' -> {
                if (nextIs('?')) {
                    now++;
                }
                set(c, 0);
            }
            case '{' -> {
                if (expanded) {
                    skipBlanksAndComments();
                }
                if (atEos() || !isAsciiDigit(re[now])) {
                    set(PLAIN, c);
                } else {
                    context = Context.BOUND;
                    set('{', 0);
                }
            }
            case '(' -> {
                if (!nextIs('?')) {
                    set('(', 1);
                    return true;
                }
                now++;
                if (atEos()) {
                    throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
                }
                switch (re[now++]) {
                    case ':' -> set('(', 0);
                    case '#' -> {
                        while (!atEos() && re[now] != ')') {
                            now++;
                        }
                        if (!atEos()) {
                            now++;
                        }
                        return false;
                    }
                    case '=' -> set(LACON, AHEAD_POS);
                    case '!' -> set(LACON, AHEAD_NEG);
                    case '<' -> {
                        if (atEos()) {
                            throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
                        }
                        switch (re[now++]) {
                            case '=' -> set(LACON, BEHIND_POS);
                            case '!' -> set(LACON, BEHIND_NEG);
                            default -> throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
                        }
                    }
                    default -> throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
                }
            }
            case '[' -> {
                if (have(6) && re[now] == '[' && re[now + 1] == ':' && (re[now + 2] == '<' || re[now + 2] == '>')
                        && re[now + 3] == ':' && re[now + 4] == ']' && re[now + 5] == ']') {
                    int which = re[now + 2];
                    now += 6;
                    set(which, 0);
                    return true;
                }
                context = Context.BRACKET;
                if (nextIs('^')) {
                    now++;
                    set('[', 0);
                } else {
                    set('[', 1);
                }
            }
            case '\\' -> {
                if (atEos()) {
                    throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
                }
                lexEscape();
            }
            default -> set(PLAIN, c);
        }
        return true;
    }

    /** An ARE backslash escape, the backslash already read. */
    private void lexEscape() throws PgRegexException {
        int c = re[now++];
        if (!isAsciiAlnum(c)) {
            set(PLAIN, c);
            return;
        }
        switch (c) {
            case 'a' -> set(PLAIN, 7);
            case 'A' -> set(SBEGIN, 0);
            case 'b' -> set(PLAIN, '\b');
            case 'B' -> set(PLAIN, '\\');
            case 'c' -> {
                if (atEos()) {
                    throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
                }
                set(PLAIN, re[now++] & 037);
            }
            case 'd' -> set(CCLASSS, CharClass.DIGIT.ordinal());
            case 'D' -> set(CCLASSC, CharClass.DIGIT.ordinal());
            case 'e' -> set(PLAIN, 033);
            case 'f' -> set(PLAIN, '\f');
            case 'm' -> set('<', 0);
            case 'M' -> set('>', 0);
            case 'n' -> set(PLAIN, '\n');
            case 'r' -> set(PLAIN, '\r');
            case 's' -> set(CCLASSS, CharClass.SPACE.ordinal());
            case 'S' -> set(CCLASSC, CharClass.SPACE.ordinal());
            case 't' -> set(PLAIN, '\t');
            case 'u' -> set(PLAIN, inRange(digits(16, 4, 4)));
            case 'U' -> set(PLAIN, inRange(digits(16, 8, 8)));
            case 'v' -> set(PLAIN, 013);
            case 'w' -> set(CCLASSS, CharClass.WORD.ordinal());
            case 'W' -> set(CCLASSC, CharClass.WORD.ordinal());
            case 'x' -> set(PLAIN, inRange(digits(16, 1, 255)));
            case 'y' -> set(WBDRY, 0);
            case 'Y' -> set(NWBDRY, 0);
            case 'Z' -> set(SEND, 0);
            case '0' -> octal();
            default -> {
                if (c < '1' || c > '9') {
                    throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
                }
                int save = now;
                now--;
                long n = digits(10, 1, 255);
                if (now == save || ((int) n > 0 && (int) n <= groups)) {
                    set(BACKREF, n);
                    return;
                }
                now = save; // not a back reference after all: an octal escape
                octal();
            }
        }
    }

    private void octal() throws PgRegexException {
        now--;
        long c = digits(8, 1, 3);
        if (c > 0xff) {
            now--; // one digit too many
            c >>= 3;
        }
        set(PLAIN, c);
    }

    private static long inRange(long c) throws PgRegexException {
        if (c > CHR_MAX) {
            throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
        }
        return c;
    }

    /** Up to {@code max} digits of {@code base}, at least {@code min}; the value wraps like the server's 32 bits. */
    private long digits(int base, int min, int max) throws PgRegexException {
        long n = 0;
        int len = 0;
        for (; len < max && !atEos(); len++) {
            int d = hexDigit(re[now]);
            if (d < 0 || d >= base) {
                break;
            }
            now++;
            n = (n * base + d) & 0xFFFFFFFFL;
        }
        if (len < min) {
            throw PgRegexException.serverRejects(ServerError.INVALID_ESCAPE);
        }
        return n;
    }

    private void skipBlanksAndComments() {
        while (true) {
            while (!atEos() && isCSpace(re[now])) {
                now++;
            }
            if (atEos() || re[now] != '#') {
                return;
            }
            while (!atEos() && re[now] != '\n') {
                now++;
            }
        }
    }

    // ---------------------------------------------------------------- parser

    /** Branches separated by {@code |}, up to {@code stopper} (EOS or ')'). */
    private Translated parse(int stopper) throws PgRegexException {
        if (alternations.size() > MAX_NESTING) {
            throw PgRegexException.notEvaluated("groups nested more than " + MAX_NESTING + " deep");
        }
        int[] alternation = {groups, groups};
        alternations.push(alternation);
        List<Translated> branches = new ArrayList<>();
        do {
            alternation[1] = groups;
            branches.add(parseBranch(stopper));
        } while (eat('|'));
        if (!see(stopper)) {
            throw PgRegexException.serverRejects(ServerError.PARENTHESES);
        }
        alternations.pop();
        if (branches.size() == 1) {
            return branches.get(0);
        }
        markConditional(alternation[0] + 1, groups);
        String java = branches.stream().map(Translated::java).collect(Collectors.joining("|"));
        return new Translated(java, branches.stream().mapToLong(Translated::weight).sum());
    }

    private Translated parseBranch(int stopper) throws PgRegexException {
        StringBuilder java = new StringBuilder();
        long weight = 0;
        while (!see('|') && !see(stopper) && !see(EOS)) {
            Translated piece = parseQuantifiedAtom();
            java.append(piece.java);
            weight += piece.weight;
        }
        return new Translated(java.toString(), weight);
    }

    private Translated parseQuantifiedAtom() throws PgRegexException {
        int groupsBefore = groups;
        int backReferencesBefore = backReferences;
        boolean group = see('(');
        String atom;
        long weight = 1;
        switch (nexttype) {
            case '^' -> {
                next();
                return constraint(nlanch ? "(?:\\A|(?<=\\n))" : "\\A");
            }
            case '$' -> {
                next();
                return constraint(nlanch ? "(?:\\z|(?=\\n))" : "\\z");
            }
            case SBEGIN -> {
                next();
                return constraint("\\A");
            }
            case SEND -> {
                next();
                return constraint("\\z");
            }
            case '<' -> {
                next();
                return constraint(WORD_BEGIN);
            }
            case '>' -> {
                next();
                return constraint(WORD_END);
            }
            case WBDRY -> {
                next();
                return constraint("(?:" + WORD_BEGIN + "|" + WORD_END + ")");
            }
            case NWBDRY -> {
                next();
                return constraint("(?:(?<=" + WORD_JAVA + ")(?=" + WORD_JAVA + ")|(?<!" + WORD_JAVA + ")(?!" + WORD_JAVA + "))");
            }
            case LACON -> {
                return lookaround();
            }
            case '*', '+', '?', '{' -> throw PgRegexException.serverRejects(ServerError.BAD_QUANTIFIER);
            case ')' -> throw PgRegexException.serverRejects(ServerError.PARENTHESES);
            case PLAIN -> {
                atom = oneChar(nextvalue).toJava();
                next();
            }
            case '[' -> {
                atom = bracket(nextvalue == 0).toJava();
                next();
            }
            case CCLASSS -> {
                atom = CharClass.values()[(int) nextvalue].chars(icase).toJava();
                next();
            }
            case CCLASSC -> {
                atom = CharClass.values()[(int) nextvalue].chars(icase).complement().toJava();
                next();
            }
            case '.' -> {
                atom = (nlstop ? CodePoints.ALL.minus(NEWLINE) : CodePoints.ALL).toJava();
                next();
            }
            case '(' -> {
                boolean capturing = lookaroundDepth == 0 && nextvalue == 1;
                int subno = capturing ? ++groups : 0;
                if (capturing) {
                    if (subno >= closed.length) {
                        closed = Arrays.copyOf(closed, subno * 2);
                        conditional = Arrays.copyOf(conditional, subno * 2);
                    }
                }
                next();
                Translated inner = parse(')');
                next();
                if (capturing) {
                    closed[subno] = true;
                }
                atom = (capturing ? "(?<g" + subno + ">" : "(?:") + inner.java + ")";
                weight = inner.weight;
            }
            case BACKREF -> {
                int n = (int) nextvalue;
                if (lookaroundDepth > 0 || n <= 0 || n > groups || !closed[n]) {
                    throw PgRegexException.serverRejects(ServerError.BAD_BACKREF);
                }
                if (refusal == null && mightBeUnset(n)) {
                    refusal = "a back reference (\\" + n + ") to a group that might not take part in the match";
                }
                atom = icase ? "(?i:\\k<g" + n + ">)" : "\\k<g" + n + ">";
                backReferences++;
                next();
            }
            default -> throw new IllegalStateException("unexpected token " + nexttype + " in " + this);
        }
        int min;
        int max;
        switch (nexttype) {
            case '*' -> {
                min = 0;
                max = INFINITE;
                next();
            }
            case '+' -> {
                min = 1;
                max = INFINITE;
                next();
            }
            case '?' -> {
                min = 0;
                max = 1;
                next();
            }
            case '{' -> {
                next();
                min = count();
                if (eat(',')) {
                    max = see(DIGIT) ? count() : INFINITE;
                    if (max != INFINITE && min > max) {
                        throw PgRegexException.serverRejects(ServerError.BAD_COUNT);
                    }
                } else {
                    max = min;
                }
                if (!see('}')) {
                    throw PgRegexException.serverRejects(ServerError.BAD_COUNT);
                }
                next();
            }
            default -> {
                min = 1;
                max = 1;
            }
        }
        if (min == 1 && max == 1) {
            return new Translated(atom, weight);
        }
        markConditional(groupsBefore + 1, groups);
        if (group && backReferences > backReferencesBefore && refusal == null) {
            refusal = "a back reference inside a repeated group";
        }
        if (max == 0) {
            return new Translated("", 0); // a group inside stays numbered (and conditional: never set)
        }
        if (max == INFINITE && lookaroundDepth > 0) {
            unboundedInLookaround = true;
        }
        String bounds = max == INFINITE ? "{" + min + ",}" : "{" + min + "," + max + "}";
        return new Translated("(?:" + atom + ")" + bounds, weight * Math.max(1, max == INFINITE ? min + 1 : max));
    }

    private static Translated constraint(String java) {
        return new Translated(java, 1);
    }

    /** {@code (?=...)}, {@code (?!...)}, {@code (?<=...)}, {@code (?<!...)}: groups inside do not capture. */
    private Translated lookaround() throws PgRegexException {
        int type = (int) nextvalue;
        next();
        boolean outerUnbounded = unboundedInLookaround;
        unboundedInLookaround = false;
        lookaroundDepth++;
        Translated inner = parse(')');
        lookaroundDepth--;
        next();
        boolean unbounded = unboundedInLookaround;
        unboundedInLookaround = outerUnbounded || unbounded;
        String open = switch (type) {
            case AHEAD_POS -> "(?=";
            case AHEAD_NEG -> "(?!";
            case BEHIND_POS -> "(?<=";
            default -> "(?<!";
        };
        String java = open + inner.java + ")";
        if ((type == BEHIND_POS || type == BEHIND_NEG) && refusal == null && (unbounded || !javaBoundsLength(java))) {
            refusal = "a lookbehind constraint of unbounded length (with * + or {m,}) or whose length"
                    + " java.util.regex cannot measure (a repeated group with alternatives inside)";
        }
        return new Translated(java, inner.weight);
    }

    /**
     * java.util.regex needs a finite, evident maximum length for a lookbehind; PostgreSQL does not. (Java accepts
     * some unbounded ones, but answers them wrongly once it steps by code points, so those are refused first.)
     */
    private static boolean javaBoundsLength(String lookbehind) {
        try {
            Pattern.compile(lookbehind);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private int count() throws PgRegexException {
        int n = 0;
        while (see(DIGIT) && n < DUPMAX) {
            n = n * 10 + (int) nextvalue;
            next();
        }
        if (see(DIGIT) || n > DUPMAX) {
            throw PgRegexException.serverRejects(ServerError.BAD_COUNT);
        }
        return n;
    }

    private void markConditional(int from, int to) {
        for (int g = from; g <= to; g++) {
            conditional[g] = true;
        }
    }

    /** Whether group {@code n} can be unset where a back reference to it is read (quantified, or another branch). */
    private boolean mightBeUnset(int n) {
        if (conditional[n]) {
            return true;
        }
        for (int[] alternation : alternations) {
            if (n > alternation[0] && n <= alternation[1]) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- bracket expressions

    private CodePoints bracket(boolean complemented) throws PgRegexException {
        next();
        CodePoints chars = CodePoints.NONE;
        while (!see(']') && !see(EOS)) {
            chars = chars.union(bracketPart());
        }
        if (complemented) {
            if (nlstop) {
                chars = chars.union(NEWLINE);
            }
            chars = chars.complement();
        }
        return chars;
    }

    private CodePoints bracketPart() throws PgRegexException {
        long start;
        switch (nexttype) {
            case RANGE -> throw PgRegexException.serverRejects(ServerError.BAD_RANGE);
            case PLAIN -> {
                start = nextvalue;
                next();
                if (!see(RANGE)) {
                    return oneChar(start);
                }
            }
            case COLLEL -> start = element(ServerError.BAD_COLLATING);
            case ECLASS -> {
                long c = element(ServerError.BAD_COLLATING);
                return oneChar(c);
            }
            case CCLASS -> {
                String name = itemText(ServerError.BAD_CLASS);
                CharClass cls = CharClass.named(name);
                if (cls == null) {
                    throw PgRegexException.serverRejects(ServerError.BAD_CLASS);
                }
                return cls.chars(icase);
            }
            case CCLASSS -> {
                CodePoints chars = CharClass.values()[(int) nextvalue].chars(icase);
                next();
                return chars;
            }
            case CCLASSC -> {
                CodePoints chars = CharClass.values()[(int) nextvalue].chars(icase).complement();
                next();
                return chars;
            }
            default -> throw new IllegalStateException("unexpected token " + nexttype + " in a bracket expression");
        }
        long end = start;
        if (see(RANGE)) {
            next();
            switch (nexttype) {
                case PLAIN, RANGE -> {
                    end = nextvalue;
                    next();
                }
                case COLLEL -> end = element(ServerError.BAD_COLLATING);
                default -> throw PgRegexException.serverRejects(ServerError.BAD_RANGE);
            }
        }
        return range(start, end);
    }

    /** The character a {@code [.x.]} or {@code [=x=]} names: itself when one character, else a POSIX name. */
    private long element(ServerError error) throws PgRegexException {
        String name = itemText(error);
        if (name.codePointCount(0, name.length()) == 1) {
            return name.codePointAt(0);
        }
        Integer c = CHARACTER_NAMES.get(name);
        if (c == null) {
            throw PgRegexException.serverRejects(ServerError.BAD_COLLATING);
        }
        return c;
    }

    private String itemText(ServerError emptyError) throws PgRegexException {
        next();
        StringBuilder text = new StringBuilder();
        while (see(PLAIN)) {
            text.appendCodePoint((int) nextvalue);
            next();
        }
        next(); // the END of the item
        if (text.length() == 0) {
            throw PgRegexException.serverRejects(emptyError);
        }
        return text.toString();
    }

    private CodePoints range(long a, long b) throws PgRegexException {
        if (a > b) {
            throw PgRegexException.serverRejects(ServerError.BAD_RANGE);
        }
        CodePoints chars = CodePoints.range(a, b);
        if (icase) {
            chars = chars.union(otherCase(CodePoints.range(a, b)));
        }
        return chars;
    }

    /** A character, with its other ASCII case when case-insensitive. */
    private CodePoints oneChar(long c) {
        CodePoints chars = CodePoints.of(c);
        return icase ? chars.union(otherCase(chars)) : chars;
    }

    /** The ASCII letters of {@code chars} in their other case: the C collation folds nothing else. */
    private static CodePoints otherCase(CodePoints chars) {
        CodePoints other = CodePoints.NONE;
        for (int c = 'A'; c <= 'Z'; c++) {
            if (chars.contains(c)) {
                other = other.union(CodePoints.of(c + 32));
            }
            if (chars.contains(c + 32)) {
                other = other.union(CodePoints.of(c));
            }
        }
        return other;
    }

    // ---------------------------------------------------------------- character facts of the C collation

    private static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiAlnum(int c) {
        return isAsciiAlpha(c) || isAsciiDigit(c);
    }

    private static int hexDigit(int c) {
        if (isAsciiDigit(c)) {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isCSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static Map<String, Integer> characterNames() {
        Object[] pairs = {"NUL", 0, "SOH", 1, "STX", 2, "ETX", 3, "EOT", 4, "ENQ", 5, "ACK", 6, "BEL", 7,
            "alert", 7, "BS", 8, "backspace", 8, "HT", 9, "tab", 9, "LF", 10, "newline", 10, "VT", 11,
            "vertical-tab", 11, "FF", 12, "form-feed", 12, "CR", 13, "carriage-return", 13, "SO", 14, "SI", 15,
            "DLE", 16, "DC1", 17, "DC2", 18, "DC3", 19, "DC4", 20, "NAK", 21, "SYN", 22, "ETB", 23, "CAN", 24,
            "EM", 25, "SUB", 26, "ESC", 27, "IS4", 28, "FS", 28, "IS3", 29, "GS", 29, "IS2", 30, "RS", 30,
            "IS1", 31, "US", 31, "space", 32, "exclamation-mark", 33, "quotation-mark", 34, "number-sign", 35,
            "dollar-sign", 36, "percent-sign", 37, "ampersand", 38, "apostrophe", 39, "left-parenthesis", 40,
            "right-parenthesis", 41, "asterisk", 42, "plus-sign", 43, "comma", 44, "hyphen", 45,
            "hyphen-minus", 45, "period", 46, "full-stop", 46, "slash", 47, "solidus", 47, "zero", 48, "one", 49,
            "two", 50, "three", 51, "four", 52, "five", 53, "six", 54, "seven", 55, "eight", 56, "nine", 57,
            "colon", 58, "semicolon", 59, "less-than-sign", 60, "equals-sign", 61, "greater-than-sign", 62,
            "question-mark", 63, "commercial-at", 64, "left-square-bracket", 91, "backslash", 92,
            "reverse-solidus", 92, "right-square-bracket", 93, "circumflex", 94, "circumflex-accent", 94,
            "underscore", 95, "low-line", 95, "grave-accent", 96, "left-brace", 123, "left-curly-bracket", 123,
            "vertical-line", 124, "right-brace", 125, "right-curly-bracket", 125, "tilde", 126, "DEL", 127};
        java.util.HashMap<String, Integer> names = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return Map.copyOf(names);
    }

    @Override
    public String toString() {
        return new String(re, 0, re.length);
    }
}

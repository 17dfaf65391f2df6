// Okta's groups filter as Okta reads it: a java.util.regex.Pattern, matched against the WHOLE group
// name (Matcher.matches()). JavaScript's RegExp reads another language: it refuses what Java takes
// (possessive quantifiers `a*+`, atomic groups `(?>…)`, inline flags `(?i)`, `\Q…\E`, `\A`, `\z`)
// and takes what Java refuses (`{` as a literal, `\y`, a lookbehind of unbounded length). This is
// a syntax check that follows the parser of OpenJDK's java/util/regex/Pattern.java (expr, sequence,
// atom, escape, clazz, range, family, group0, addFlag, closure, RemoveQEQuoting; read in Temurin
// 25's src.zip, the same parser as JDK 17's), building nothing. test/providers/oktaRegex.test.ts
// holds it against what Java 17 says of a corpus (test/providers/fixtures/javaRegexCorpus.json).
// Limits: the names of Unicode scripts and blocks in \p{…} are checked by their shape only (Java
// checks them against its version's Unicode tables). Pure.

/** What a Java pattern is, when Java takes it. */
export interface JavaPattern {
    /** Whether the pattern has nothing that matches more than one text: no class, dot, quantifier, property or case-folding flag. */
    readonly literalOnly: boolean;
}

export class JavaRegexError extends Error {}

// Pattern's flags, as (?…) sets them.
const CASE_INSENSITIVE = 1;
const COMMENTS = 2;
const UNICODE_CHARACTER_CLASS = 4;

const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAsciiAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number) => isAsciiDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const ch = (s: string) => s.codePointAt(0)!;

/** Java's Pattern.RemoveQEQuoting: the text between \Q and \E becomes escaped literals. */
function removeQuoting(cps: number[]): number[] {
    const n = cps.length;
    let i = 0;
    while (i < n - 1) {
        if (cps[i] !== ch("\\")) i += 1;
        else if (cps[i + 1] !== ch("Q")) i += 2;
        else break;
    }
    if (i >= n - 1) return cps;
    const out = cps.slice(0, i);
    i += 2;
    let inQuote = true;
    let beginQuote = true;
    while (i < n) {
        const c = cps[i++]!;
        if (c > 0x7f || isAsciiAlpha(c)) out.push(c);
        else if (isAsciiDigit(c)) {
            if (beginQuote) out.push(ch("\\"), ch("x"), ch("3"));
            out.push(c);
        } else if (c !== ch("\\")) {
            if (inQuote) out.push(ch("\\"));
            out.push(c);
        } else if (inQuote) {
            if (cps[i] === ch("E")) {
                i++;
                inQuote = false;
            } else out.push(ch("\\"), ch("\\"));
        } else if (cps[i] === ch("Q")) {
            i++;
            inQuote = true;
            beginQuote = true;
            continue;
        } else {
            out.push(c);
            if (i !== n) out.push(cps[i++]!);
        }
        beginQuote = false;
    }
    return out;
}

/** General categories, POSIX and java.lang.Character names CharPredicates.forProperty takes (JDK 17). */
const PROPERTIES = new Set(
    (
        "Cn Lu Ll Lt Lm Lo Mn Me Mc Nd Nl No Zs Zl Zp Cc Cf Co Cs Pd Ps Pe Pc Po Sm Sc Sk So Pi Pf L M N Z C P S LC LD L1 all ASCII " +
        "Alnum Alpha Blank Cntrl Digit Graph Lower Print Punct Space Upper XDigit javaLowerCase javaUpperCase javaAlphabetic " +
        "javaIdeographic javaTitleCase javaDigit javaDefined javaLetter javaLetterOrDigit javaJavaIdentifierStart " +
        "javaJavaIdentifierPart javaUnicodeIdentifierStart javaUnicodeIdentifierPart javaIdentifierIgnorable javaSpaceChar " +
        "javaWhitespace javaISOControl javaMirrored"
    ).split(" "),
);
/** Binary properties CharPredicates.forUnicodeProperty takes after `Is` (upper-cased; JDK 17). */
const UNICODE_PROPERTIES = new Set(
    "ALPHABETIC ASSIGNED CONTROL HEXDIGIT HEX_DIGIT IDEOGRAPHIC JOINCONTROL JOIN_CONTROL LETTER LOWERCASE NONCHARACTERCODEPOINT NONCHARACTER_CODE_POINT TITLECASE PUNCTUATION UPPERCASE WHITESPACE WHITE_SPACE WORD".split(
        " ",
    ),
);
/** POSIX names forPOSIXName takes (only with the U flag; upper-cased). */
const POSIX_NAMES = new Set("ALPHA LOWER UPPER SPACE PUNCT XDIGIT ALNUM CNTRL DIGIT BLANK GRAPH PRINT".split(" "));
/** A Unicode script or block name by its shape (see the limits above). */
const SCRIPT_OR_BLOCK = /^[A-Za-z][A-Za-z0-9_ -]*$/;

/**
 * What Pattern's TreeInfo learns of a subexpression, for a lookbehind's "obvious maximum length":
 * the longest match in Java's int arithmetic (it wraps), whether that is valid, and whether the
 * length is fixed (deterministic).
 */
interface Info {
    max: number;
    valid: boolean;
    det: boolean;
}
/** A node's study, in order: what it adds to the Info of what came before it. */
type Study = (info: Info) => void;

const MAX_REPS = 0x7fffffff;
const fresh = (): Info => ({ max: 0, valid: true, det: true });
const seq =
    (parts: readonly Study[]): Study =>
    (info) => {
        for (const part of parts) part(info);
    };
const chars =
    (n: number): Study =>
    (info) => {
        info.max = (info.max + n) | 0;
    };
const ZERO: Study = () => undefined;
const INVALID: Study = (info) => {
    info.valid = false;
};
/** CharPropertyGreedy (a greedy * or + on one character, class or property): adds MAX_REPS unchecked. */
const greedyChar: Study = (info) => {
    info.max = (info.max + MAX_REPS) | 0;
    info.det = false;
};
/** Curly and GroupCurly: the atom's longest match times cmax, plus what came before, checked for wrapping. */
const curly =
    (atom: Study, cmin: number, cmax: number): Study =>
    (info) => {
        const maxL = info.max;
        const maxV = info.valid;
        const det = info.det;
        const inner = fresh();
        atom(inner);
        if (maxV && inner.valid) {
            const temp = (Math.imul(inner.max, cmax) + maxL) | 0;
            info.max = temp;
            info.valid = !(temp < maxL);
        } else info.valid = false;
        info.det = det && inner.det && cmin === cmax;
    };
/** Ques: the atom, optionally. */
const ques =
    (atom: Study): Study =>
    (info) => {
        atom(info);
        info.det = false;
    };
/** Branch: the longest alternative. */
const branch =
    (alternatives: readonly Study[]): Study =>
    (info) => {
        const maxL = info.max;
        const maxV = info.valid;
        let longest = 0;
        let valid = true;
        for (const alternative of alternatives) {
            const inner = fresh();
            alternative(inner);
            longest = Math.max(longest, inner.max);
            valid = valid && inner.valid;
        }
        info.max = (maxL + longest) | 0;
        info.valid = maxV && valid;
        info.det = false;
    };
/** Loop: a group whose length is not fixed, repeated: no obvious maximum. */
const LOOP: Study = (info) => {
    info.valid = false;
    info.det = false;
};

/** What an atom is to the quantifier after it: a character-like one (CharProperty) or anything else. */
interface Atom {
    readonly study: Study;
    readonly charLike: boolean;
}

class Parser {
    private readonly temp: number[];
    private readonly length: number;
    private cursor = 0;
    private flags = 0;
    private groups = 1;
    private readonly named = new Set<string>();
    literalOnly = true;

    constructor(pattern: string) {
        const cps = removeQuoting([...pattern].map((c) => c.codePointAt(0)!));
        this.length = cps.length;
        this.temp = [...cps, 0, 0];
    }

    private error(message: string): never {
        throw new JavaRegexError(`${message} near index ${Math.min(this.cursor, this.length)}`);
    }
    private has(flag: number) {
        return (this.flags & flag) !== 0;
    }
    private at(i: number) {
        return this.temp[i] ?? 0;
    }
    private pastWhitespace(c: number, peeking: boolean): number {
        while (isAsciiSpace(c) || c === ch("#")) {
            while (isAsciiSpace(c)) c = peeking ? this.at(++this.cursor) : this.at(this.cursor++);
            if (c === ch("#")) c = peeking ? this.peekPastLine() : this.parsePastLine();
        }
        return c;
    }
    private isLineSeparator(c: number) {
        return c === 0x0a || c === 0x0d || (c | 1) === 0x2029 || c === 0x85;
    }
    private parsePastLine(): number {
        let c = this.at(this.cursor++);
        while (c !== 0 && !this.isLineSeparator(c)) c = this.at(this.cursor++);
        if (c === 0 && this.cursor > this.length) {
            this.cursor = this.length;
            c = this.at(this.cursor++);
        }
        return c;
    }
    private peekPastLine(): number {
        let c = this.at(++this.cursor);
        while (c !== 0 && !this.isLineSeparator(c)) c = this.at(++this.cursor);
        if (c === 0 && this.cursor > this.length) {
            this.cursor = this.length;
            c = this.at(this.cursor);
        }
        return c;
    }
    private peek() {
        const c = this.at(this.cursor);
        return this.has(COMMENTS) ? this.pastWhitespace(c, true) : c;
    }
    private read() {
        const c = this.at(this.cursor++);
        return this.has(COMMENTS) ? this.pastWhitespace(c, false) : c;
    }
    private next() {
        const c = this.at(++this.cursor);
        return this.has(COMMENTS) ? this.pastWhitespace(c, true) : c;
    }
    private nextEscaped() {
        return this.at(++this.cursor);
    }
    private skip() {
        const c = this.at(this.cursor + 1);
        this.cursor += 2;
        return c;
    }
    private unread() {
        this.cursor--;
    }
    private accept(c: number, message: string) {
        let test = this.at(this.cursor++);
        if (this.has(COMMENTS)) test = this.pastWhitespace(test, false);
        if (c !== test) this.error(message);
    }

    compile(): JavaPattern {
        this.expr();
        if (this.length !== this.cursor) {
            if (this.peek() === ch(")")) this.error("Unmatched closing ')'");
            if (this.cursor === this.length + 1 && this.at(this.length - 1) === ch("\\")) this.error("Unescaped trailing backslash");
            this.error("Unexpected internal error");
        }
        return { literalOnly: this.literalOnly };
    }

    private expr(): Study {
        const alternatives: Study[] = [];
        for (;;) {
            alternatives.push(this.sequence());
            if (this.peek() !== ch("|")) return alternatives.length === 1 ? alternatives[0]! : branch(alternatives);
            this.next();
        }
    }

    private sequence(): Study {
        const parts: Study[] = [];
        for (;;) {
            const c = this.peek();
            let atom: Atom;
            if (c === ch("(")) {
                const group = this.group0();
                if (group !== undefined) parts.push(group);
                continue;
            } else if (c === ch("[")) {
                this.clazz(true);
                this.literalOnly = false;
                atom = { study: chars(1), charLike: true };
            } else if (c === ch("\\")) {
                const e = this.nextEscaped();
                if (e === ch("p") || e === ch("P")) {
                    let oneLetter = true;
                    if (this.next() !== ch("{")) this.unread();
                    else oneLetter = false;
                    this.family(oneLetter);
                    atom = { study: chars(1), charLike: true };
                } else {
                    this.unread();
                    atom = this.atom();
                }
            } else if (c === ch("^") || c === ch("$")) {
                this.next();
                atom = { study: ZERO, charLike: false };
            } else if (c === ch(".")) {
                this.next();
                this.literalOnly = false;
                atom = { study: chars(1), charLike: true };
            } else if (c === ch("|") || c === ch(")")) break;
            else if (c === ch("?") || c === ch("*") || c === ch("+")) {
                this.next();
                this.error(`Dangling meta character '${String.fromCodePoint(c)}'`);
            } else if (c === 0 && this.cursor >= this.length) break;
            else atom = this.atom();
            parts.push(this.closure(atom));
        }
        return seq(parts);
    }

    /** A run of literal characters (a Slice, or one character), or one escape. */
    private atom(): Atom {
        let first = 0;
        let prev = -1;
        let c = this.peek();
        for (;;) {
            if (c === ch("*") || c === ch("+") || c === ch("?") || c === ch("{")) {
                if (first > 1) {
                    this.cursor = prev;
                    first--;
                }
                break;
            }
            if ([ch("$"), ch("."), ch("^"), ch("("), ch("["), ch("|"), ch(")")].includes(c)) break;
            if (c === ch("\\")) {
                const e = this.nextEscaped();
                if (e === ch("p") || e === ch("P")) {
                    if (first > 0) {
                        this.unread();
                        break;
                    }
                    let oneLetter = true;
                    if (this.next() !== ch("{")) this.unread();
                    else oneLetter = false;
                    this.family(oneLetter);
                    return { study: chars(1), charLike: true };
                }
                this.unread();
                prev = this.cursor;
                const value = this.escape(false, first === 0, false);
                if (value >= 0) {
                    first++;
                    c = this.peek();
                    continue;
                }
                if (first === 0) return this.lastMeta;
                this.cursor = prev;
                break;
            }
            if (c === 0 && this.cursor >= this.length) break;
            prev = this.cursor;
            first++;
            c = this.next();
        }
        return { study: chars(first), charLike: first === 1 };
    }

    /** What the last escape that stands for no character was (a class, an anchor, a back reference). */
    private lastMeta: Atom = { study: ZERO, charLike: false };

    /** An escape: the character it stands for, or -1 for a class, anchor or back reference. */
    private escape(inClass: boolean, create: boolean, isRange: boolean): number {
        const c = this.skip();
        const s = String.fromCodePoint(c);
        this.lastMeta = { study: chars(1), charLike: true };
        switch (s) {
            case "0":
                return this.octal();
            case "1":
            case "2":
            case "3":
            case "4":
            case "5":
            case "6":
            case "7":
            case "8":
            case "9":
                if (inClass) break;
                if (create) this.ref(c - 0x30);
                this.literalOnly = false;
                this.lastMeta = { study: INVALID, charLike: false };
                return -1;
            case "A":
            case "B":
            case "G":
            case "Z":
            case "z":
                if (inClass) break;
                this.lastMeta = { study: ZERO, charLike: false };
                return -1;
            case "R":
                if (inClass) break;
                this.literalOnly = false;
                this.lastMeta = { study: chars(2), charLike: false };
                return -1;
            case "X":
                if (inClass) break;
                this.literalOnly = false;
                this.lastMeta = { study: chars(1), charLike: false };
                return -1;
            case "D":
            case "H":
            case "S":
            case "V":
            case "W":
            case "d":
            case "h":
            case "s":
            case "w":
                this.literalOnly = false;
                return -1;
            case "v":
                if (isRange) return 0x0b;
                this.literalOnly = false;
                return -1;
            case "N":
                return this.characterName();
            case "a":
                return 7;
            case "b":
                if (inClass) break;
                if (create && this.peek() === ch("{")) {
                    if (this.skip() === ch("g")) {
                        if (this.read() === ch("}")) {
                            this.lastMeta = { study: ZERO, charLike: false };
                            return -1;
                        }
                        break;
                    }
                    this.unread();
                    this.unread();
                }
                this.lastMeta = { study: ZERO, charLike: false };
                return -1;
            case "c":
                if (this.cursor < this.length) return this.read() ^ 64;
                this.error("Illegal control escape sequence");
                break;
            case "e":
                return 0x1b;
            case "f":
                return 0x0c;
            case "k": {
                if (inClass) break;
                if (this.read() !== ch("<")) this.error("\\k is not followed by '<' for named capturing group");
                const name = this.groupName(this.read());
                if (!this.named.has(name)) this.error(`named capturing group <${name}> does not exist`);
                this.literalOnly = false;
                this.lastMeta = { study: INVALID, charLike: false };
                return -1;
            }
            case "n":
                return 0x0a;
            case "r":
                return 0x0d;
            case "t":
                return 0x09;
            case "u":
                return this.unicode();
            case "x":
                return this.hex();
            case "C":
            case "E":
            case "F":
            case "I":
            case "J":
            case "K":
            case "L":
            case "M":
            case "O":
            case "P":
            case "Q":
            case "T":
            case "U":
            case "Y":
            case "g":
            case "i":
            case "j":
            case "l":
            case "m":
            case "o":
            case "p":
            case "q":
            case "y":
                break;
            default:
                return c;
        }
        this.error("Illegal/unsupported escape sequence");
    }

    private octal(): number {
        const n = this.read();
        if (n >= 0x30 && n <= 0x37) {
            const m = this.read();
            if (m >= 0x30 && m <= 0x37) {
                const o = this.read();
                if (o >= 0x30 && o <= 0x37 && n <= 0x33) return (n - 0x30) * 64 + (m - 0x30) * 8 + (o - 0x30);
                this.unread();
                return (n - 0x30) * 8 + (m - 0x30);
            }
            this.unread();
            return n - 0x30;
        }
        this.error("Illegal octal escape sequence");
    }

    private hex(): number {
        const n = this.read();
        if (isHex(n)) {
            const m = this.read();
            if (isHex(m)) return parseInt(String.fromCodePoint(n, m), 16);
        } else if (n === ch("{") && isHex(this.peek())) {
            let value = 0;
            let d: number;
            while (isHex((d = this.read()))) {
                value = value * 16 + parseInt(String.fromCodePoint(d), 16);
                if (value > 0x10ffff) this.error("Hexadecimal codepoint is too big");
            }
            if (d !== ch("}")) this.error("Unclosed hexadecimal escape sequence");
            return value;
        }
        this.error("Illegal hexadecimal escape sequence");
    }

    private uxxxx(): number {
        let n = 0;
        for (let i = 0; i < 4; i++) {
            const d = this.read();
            if (!isHex(d)) this.error("Illegal Unicode escape sequence");
            n = n * 16 + parseInt(String.fromCodePoint(d), 16);
        }
        return n;
    }

    private unicode(): number {
        const n = this.uxxxx();
        if (n >= 0xd800 && n <= 0xdbff) {
            const saved = this.cursor;
            if (this.read() === ch("\\") && this.read() === ch("u")) {
                const low = this.uxxxx();
                if (low >= 0xdc00 && low <= 0xdfff) return (n - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
            }
            this.cursor = saved;
        }
        return n;
    }

    private characterName(): number {
        if (this.read() === ch("{")) {
            const start = this.cursor;
            while (this.read() !== ch("}")) if (this.cursor >= this.length) this.error("Unclosed character name escape sequence");
            const name = String.fromCodePoint(...this.temp.slice(start, this.cursor - 1));
            // Java looks the name up in its Unicode tables (Character.codePointOf); checked by shape here.
            if (!/^[A-Za-z0-9 -]+$/.test(name)) this.error(`Unknown character name [${name}]`);
            return 0;
        }
        this.error("Illegal character name escape sequence");
    }

    /** A back reference: as many digits as name existing groups. */
    private ref(first: number): void {
        let refNum = first;
        for (;;) {
            const c = this.peek();
            if (!isAsciiDigit(c)) break;
            const next = refNum * 10 + (c - 0x30);
            if (this.groups - 1 < next) break;
            refNum = next;
            this.read();
        }
    }

    private groupName(c: number): string {
        if (!isAsciiAlpha(c)) this.error("capturing group name does not start with a Latin letter");
        let name = "";
        do name += String.fromCodePoint(c);
        while (isAsciiAlpha((c = this.read())) || isAsciiDigit(c));
        if (c !== ch(">")) this.error("named capturing group is missing trailing '>'");
        return name;
    }

    /** A \p{…} or \pL family (the cursor on its first character). */
    private family(oneLetter: boolean): void {
        this.next();
        this.literalOnly = false;
        let name: string;
        if (oneLetter) {
            name = String.fromCodePoint(this.at(this.cursor));
            this.read();
        } else {
            const start = this.cursor;
            const saved = this.temp[this.length];
            this.temp[this.length] = ch("}");
            while (this.read() !== ch("}"));
            this.temp[this.length] = saved!;
            const end = this.cursor;
            if (end > this.length) this.error("Unclosed character family");
            if (start + 1 >= end) this.error("Empty character family");
            name = String.fromCodePoint(...this.temp.slice(start, end - 1));
        }
        const eq = name.indexOf("=");
        if (eq !== -1) {
            const key = name.slice(0, eq).toLowerCase();
            const value = name.slice(eq + 1);
            const known =
                key === "sc" || key === "script" || key === "blk" || key === "block"
                    ? SCRIPT_OR_BLOCK.test(value)
                    : (key === "gc" || key === "general_category") && PROPERTIES.has(value);
            if (!known) this.error(`Unknown Unicode property {name=<${key}>, value=<${value}>}`);
            return;
        }
        let known: boolean;
        if (name.startsWith("In")) known = SCRIPT_OR_BLOCK.test(name.slice(2));
        else if (name.startsWith("Is")) {
            const short = name.slice(2);
            known = UNICODE_PROPERTIES.has(short.toUpperCase()) || PROPERTIES.has(short) || SCRIPT_OR_BLOCK.test(short);
        } else known = (this.has(UNICODE_CHARACTER_CLASS) && POSIX_NAMES.has(name.toUpperCase())) || PROPERTIES.has(name);
        if (!known) this.error(`Unknown character property name {${name}}`);
    }

    /** A character class [...], with unions, intersections (&&) and ranges; `prev` as Java's (whether set). */
    private clazz(consume: boolean): void {
        let prev = false;
        let hasBits = false;
        let c = this.next();
        if (c === ch("^") && this.at(this.cursor - 1) === ch("[")) c = this.next();
        for (;;) {
            if (c === ch("[")) {
                this.clazz(true);
                prev = true;
                c = this.peek();
                continue;
            }
            if (c === ch("&")) {
                c = this.next();
                if (c === ch("&")) {
                    c = this.next();
                    let right = false;
                    while (c !== ch("]") && c !== ch("&")) {
                        if (c === ch("[")) this.clazz(true);
                        else {
                            this.unread();
                            this.clazz(false);
                        }
                        right = true;
                        c = this.peek();
                    }
                    if (hasBits) {
                        prev = true;
                        hasBits = false;
                    }
                    // JDK 17 refuses an intersection with nothing on either side; a later JDK also one whose
                    // right side is empty after a union ("Bad intersection syntax"), which 17 takes.
                    if (!prev) {
                        if (!right) this.error("Bad class syntax");
                        prev = true;
                    }
                    continue;
                }
                this.unread();
            } else if (c === 0 && this.cursor >= this.length) this.error("Unclosed character class");
            else if (c === ch("]") && (prev || hasBits)) {
                if (consume) this.next();
                return;
            }
            if (this.range()) prev = true;
            else hasBits = true;
            c = this.peek();
        }
    }

    /** One member of a class: a character, a range a-z, an escape or a property; whether Java makes it a predicate of its own (not bits). */
    private range(): boolean {
        let c = this.peek();
        if (c === ch("\\")) {
            c = this.nextEscaped();
            if (c === ch("p") || c === ch("P")) {
                let oneLetter = true;
                if (this.next() !== ch("{")) this.unread();
                else oneLetter = false;
                this.family(oneLetter);
                return true;
            }
            const isRange = this.at(this.cursor + 1) === ch("-");
            this.unread();
            c = this.escape(true, true, isRange);
            if (c === -1) return true;
        } else this.next();
        if (c >= 0) {
            if (this.peek() === ch("-")) {
                const endRange = this.at(this.cursor + 1);
                if (endRange === ch("[")) return c >= 256;
                if (endRange !== ch("]")) {
                    this.next();
                    let m = this.peek();
                    if (m === ch("\\")) m = this.escape(true, false, true);
                    else this.next();
                    if (m < c) this.error("Illegal character range");
                    return true;
                }
            }
            return c >= 256;
        }
        this.error(`Unexpected character '${String.fromCodePoint(c)}'`);
    }

    /** A group: (…), (?:…), (?=…), (?!…), (?>…), (?<name>…), (?<=…), (?<!…), (?flags) and (?flags:…); undefined for flags alone. */
    private group0(): Study | undefined {
        const saved = this.flags;
        let c = this.next();
        let body: Study;
        /** The group stands alone, like an atom: a lookaround or an independent group (Java's head == tail). */
        let atomLike = false;
        if (c === ch("?")) {
            c = this.skip();
            if (c === ch(":")) body = this.expr();
            else if (c === ch(">")) {
                body = curly(this.expr(), 1, 1);
                atomLike = true;
            } else if (c === ch("=") || c === ch("!")) {
                this.expr();
                body = ZERO;
                atomLike = true;
            } else if (c === ch("<")) {
                c = this.read();
                if (c !== ch("=") && c !== ch("!")) {
                    const name = this.groupName(c);
                    if (this.named.has(name)) this.error(`Named capturing group <${name}> is already defined`);
                    this.groups++;
                    this.named.add(name);
                    body = this.expr();
                } else {
                    const inner = fresh();
                    this.expr()(inner);
                    if (!inner.valid) this.error("Look-behind group does not have an obvious maximum length");
                    body = ZERO;
                    atomLike = true;
                }
            } else if (c === ch("$") || c === ch("@")) this.error("Unknown group type");
            else {
                this.unread();
                this.addFlag();
                c = this.read();
                if (this.has(CASE_INSENSITIVE)) this.literalOnly = false;
                if (c === ch(")")) return undefined;
                if (c !== ch(":")) this.error("Unknown inline modifier");
                body = this.expr();
            }
        } else {
            this.groups++;
            body = this.expr();
        }
        this.accept(ch(")"), "Unclosed group");
        this.flags = saved;
        if (atomLike) return this.closure({ study: body, charLike: false });
        return this.groupClosure(body);
    }

    /** A quantifier after a group: Ques, a possessive Curly, a GroupCurly when its length is fixed, else a Loop. */
    private groupClosure(body: Study): Study {
        const quantifier = this.quantifier();
        if (quantifier === undefined) return body;
        if (quantifier.ques) return ques(body);
        if (quantifier.type === "possessive") return curly(body, quantifier.min, quantifier.max);
        const inner = fresh();
        body(inner);
        return inner.det ? curly(body, quantifier.min, quantifier.max) : LOOP;
    }

    private addFlag(): void {
        let c = this.peek();
        for (;;) {
            if (c === ch("i")) this.flags |= CASE_INSENSITIVE;
            else if (c === ch("x")) this.flags |= COMMENTS;
            else if (c === ch("U")) this.flags |= UNICODE_CHARACTER_CLASS;
            else if ("msduc".includes(String.fromCodePoint(c)) && c !== 0) {
                // MULTILINE, DOTALL, UNIX_LINES, UNICODE_CASE, CANON_EQ: no bearing on the syntax.
            } else if (c === ch("-")) {
                this.next();
                this.subFlag();
                return;
            } else return;
            c = this.next();
        }
    }

    private subFlag(): void {
        let c = this.peek();
        for (;;) {
            if (c === ch("i")) this.flags &= ~CASE_INSENSITIVE;
            else if (c === ch("x")) this.flags &= ~COMMENTS;
            else if (c === ch("U")) this.flags &= ~UNICODE_CHARACTER_CLASS;
            else if (!("msduc".includes(String.fromCodePoint(c)) && c !== 0)) return;
            c = this.next();
        }
    }

    /** A quantifier after an atom: CharPropertyGreedy for a greedy * or + on a character-like atom, Ques, or Curly. */
    private closure(atom: Atom): Study {
        const quantifier = this.quantifier();
        if (quantifier === undefined) return atom.study;
        if (quantifier.ques) return ques(atom.study);
        if (quantifier.type === "greedy" && quantifier.openEnded && atom.charLike) return greedyChar;
        return curly(atom.study, quantifier.min, quantifier.max);
    }

    /** The quantifier at the cursor (?, *, +, {n}, {n,}, {n,m}, each lazy or possessive), or undefined. */
    private quantifier():
        | { readonly ques: boolean; readonly openEnded: boolean; readonly min: number; readonly max: number; readonly type: string }
        | undefined {
        const c = this.peek();
        if (c === ch("?")) {
            this.literalOnly = false;
            return { ques: true, openEnded: false, min: 0, max: 1, type: this.quantifierType() };
        }
        if (c === ch("*") || c === ch("+")) {
            this.literalOnly = false;
            return { ques: false, openEnded: true, min: c === ch("+") ? 1 : 0, max: MAX_REPS, type: this.quantifierType() };
        }
        if (c !== ch("{")) return undefined;
        let d = this.skip();
        if (!isAsciiDigit(d)) this.error("Illegal repetition");
        let min = 0;
        let max: number;
        do {
            min = min * 10 + (d - 0x30);
            if (min > 0x7fffffff) this.error("Illegal repetition range");
        } while (isAsciiDigit((d = this.read())));
        if (d === ch(",")) {
            d = this.read();
            if (d === ch("}")) {
                this.unread();
                this.literalOnly = false;
                return { ques: false, openEnded: true, min, max: MAX_REPS, type: this.quantifierType() };
            }
            max = 0;
            while (isAsciiDigit(d)) {
                max = max * 10 + (d - 0x30);
                if (max > 0x7fffffff) this.error("Illegal repetition range");
                d = this.read();
            }
        } else max = min;
        if (d !== ch("}")) this.error("Unclosed counted closure");
        if (max < min) this.error("Illegal repetition range");
        this.unread();
        if (min !== max) this.literalOnly = false;
        return { ques: min === 0 && max === 1, openEnded: false, min, max, type: this.quantifierType() };
    }

    /** The quantifier's own character and its lazy `?` or possessive `+`. */
    private quantifierType(): string {
        const c = this.next();
        if (c === ch("?")) {
            this.next();
            return "lazy";
        }
        if (c === ch("+")) {
            this.next();
            return "possessive";
        }
        return "greedy";
    }
}

/** Reads a pattern as java.util.regex.Pattern.compile would; throws JavaRegexError where Java throws PatternSyntaxException. */
export function parseJavaRegex(pattern: string): JavaPattern {
    return new Parser(pattern).compile();
}

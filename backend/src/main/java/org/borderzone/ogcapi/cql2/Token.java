package org.borderzone.ogcapi.cql2;

/**
 * One lexical token of CQL2 text. {@code text} is the identifier (without the double quotes of a quoted one),
 * the string literal's value (quotes removed, escaped quotes resolved) or the number's spelling.
 */
record Token(Kind kind, String text, int pos, int end) {

  enum Kind {
    IDENT, QUOTED_IDENT, STRING, NUMBER, LPAREN, RPAREN, COMMA, EQ, NEQ, LT, GT, LTEQ, GTEQ,
    /** +, -, *, /, %, ^: arithmetic, which this server does not support (refused with a clear message). */
    ARITH, EOF
  }

  /** True for an unquoted identifier spelling {@code keyword} (ASCII case-insensitive, as ABNF strings are). */
  boolean is(String keyword) {
    return kind == Kind.IDENT && Lexer.asciiEqualsIgnoreCase(text, keyword);
  }

  /** The upper-case spelling of an unquoted ASCII identifier (for keyword look-up), else null. */
  String keyword() {
    return kind == Kind.IDENT ? Lexer.asciiUpper(text) : null;
  }
}

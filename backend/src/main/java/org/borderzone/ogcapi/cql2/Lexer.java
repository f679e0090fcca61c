package org.borderzone.ogcapi.cql2;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CQL2 text (OGC 21-065r2, the ABNF of annex B) into tokens, in one pass over the characters. The
 * character classes are those of the ABNF: identifiers start with a letter of the listed Unicode blocks,
 * {@code _} or {@code :} and continue with those, {@code .}, ASCII digits and combining marks; string literals
 * escape a quote as {@code ''} or {@code \'}; whitespace includes the Unicode spaces the ABNF lists. Keywords
 * are recognised ASCII case-insensitively (ABNF strings are case-insensitive and US-ASCII), so {@code and},
 * {@code AND} and {@code And} are the same keyword but a dotless {@code ı} never makes {@code LIKE}. Control
 * characters (NUL among them), unpaired surrogates and any character the grammar does not know are refused
 * with their position: nothing unexpected can reach the SQL layer.
 */
final class Lexer {

  private final String text;
  private int i;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokens(String text) {
    return new Lexer(text).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (i >= text.length()) {
        out.add(new Token(Token.Kind.EOF, "", i, i));
        return out;
      }
      out.add(next());
    }
  }

  private Token next() {
    int start = i;
    int c = text.codePointAt(i);
    switch (c) {
      case '(' -> {
        i++;
        return new Token(Token.Kind.LPAREN, "(", start, i);
      }
      case ')' -> {
        i++;
        return new Token(Token.Kind.RPAREN, ")", start, i);
      }
      case ',' -> {
        i++;
        return new Token(Token.Kind.COMMA, ",", start, i);
      }
      case '=' -> {
        i++;
        return new Token(Token.Kind.EQ, "=", start, i);
      }
      case '<' -> {
        i++;
        if (peekChar() == '>') {
          i++;
          return new Token(Token.Kind.NEQ, "<>", start, i);
        }
        if (peekChar() == '=') {
          i++;
          return new Token(Token.Kind.LTEQ, "<=", start, i);
        }
        return new Token(Token.Kind.LT, "<", start, i);
      }
      case '>' -> {
        i++;
        if (peekChar() == '=') {
          i++;
          return new Token(Token.Kind.GTEQ, ">=", start, i);
        }
        return new Token(Token.Kind.GT, ">", start, i);
      }
      case '\'' -> {
        return string();
      }
      case '"' -> {
        return quotedIdentifier();
      }
      case '+', '-' -> {
        int n = peekCharAt(i + 1);
        if (isDigit(n) || (n == '.' && isDigit(peekCharAt(i + 2)))) {
          return number();
        }
        i++;
        return new Token(Token.Kind.ARITH, String.valueOf((char) c), start, i);
      }
      case '*', '/', '%', '^' -> {
        i++;
        return new Token(Token.Kind.ARITH, String.valueOf((char) c), start, i);
      }
      default -> {
        if (isDigit(c) || (c == '.' && isDigit(peekCharAt(i + 1)))) {
          return number();
        }
        if (isIdentifierStart(c)) {
          int end = identifierEnd(i);
          i = end;
          return new Token(Token.Kind.IDENT, text.substring(start, end), start, end);
        }
        throw unexpected(start, c);
      }
    }
  }

  /**
   * {@code 'text'} with {@code ''} and {@code \'} standing for one quote, and {@code \\} for one backslash:
   * the ABNF has no escape for a backslash, but without one a value ending in a backslash cannot be written
   * ({@code 'a\'} reads as an escaped quote), and QGIS doubles every backslash of the values it sends. Any
   * other backslash is kept as it is (a LIKE pattern's {@code \%}).
   */
  private Token string() {
    int start = i;
    i++; // opening quote
    StringBuilder value = new StringBuilder();
    while (true) {
      if (i >= text.length()) {
        throw Cql2Exception.at(start, "error.cql2-unterminated-string");
      }
      int c = text.codePointAt(i);
      if (c == '\'') {
        if (peekCharAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        i++;
        return new Token(Token.Kind.STRING, value.toString(), start, i);
      }
      if (c == '\\' && peekCharAt(i + 1) == '\'') {
        value.append('\'');
        i += 2;
        continue;
      }
      if (c == '\\' && peekCharAt(i + 1) == '\\') { // QGIS doubles backslashes (so that \' stays unambiguous)
        value.append('\\');
        i += 2;
        continue;
      }
      if (!isStringCharacter(c)) {
        throw unexpected(i, c);
      }
      value.appendCodePoint(c);
      i += Character.charCount(c);
    }
  }

  /** {@code "identifier"}: the content must itself be an identifier (the ABNF allows nothing else). */
  private Token quotedIdentifier() {
    int start = i;
    i++;
    if (i >= text.length() || !isIdentifierStart(text.codePointAt(i))) {
      if (i >= text.length()) {
        throw Cql2Exception.at(start, "error.cql2-unterminated-identifier");
      }
      throw unexpected(i, text.codePointAt(i));
    }
    int end = identifierEnd(i);
    if (end >= text.length()) {
      throw Cql2Exception.at(start, "error.cql2-unterminated-identifier");
    }
    if (text.charAt(end) != '"') {
      throw unexpected(end, text.codePointAt(end));
    }
    String name = text.substring(i, end);
    i = end + 1;
    return new Token(Token.Kind.QUOTED_IDENT, name, start, i);
  }

  /**
   * {@code [sign] (digits [. [digits]] | . digits) [E [sign] digits]}: the spelling is kept; the parser turns
   * it into a Long or a finite Double.
   */
  private Token number() {
    int start = i;
    if (text.charAt(i) == '+' || text.charAt(i) == '-') {
      i++;
    }
    while (isDigit(peekChar())) {
      i++;
    }
    if (peekChar() == '.') {
      i++;
      while (isDigit(peekChar())) {
        i++;
      }
    }
    if (peekChar() == 'e' || peekChar() == 'E') {
      int save = i;
      i++;
      if (peekChar() == '+' || peekChar() == '-') {
        i++;
      }
      if (!isDigit(peekChar())) {
        i = save;
        throw Cql2Exception.at(save, "error.cql2-bad-number");
      }
      while (isDigit(peekChar())) {
        i++;
      }
    }
    int c = peekChar();
    if (c >= 0 && (isIdentifierPart(c) || c == '.')) { // 12abc, 1.2.3
      throw Cql2Exception.at(start, "error.cql2-bad-number");
    }
    return new Token(Token.Kind.NUMBER, text.substring(start, i), start, i);
  }

  private int identifierEnd(int from) {
    int j = from + Character.charCount(text.codePointAt(from));
    while (j < text.length()) {
      int c = text.codePointAt(j);
      if (!isIdentifierPart(c)) {
        break;
      }
      j += Character.charCount(c);
    }
    return j;
  }

  private void skipWhitespace() {
    while (i < text.length() && isWhitespace(text.charAt(i))) {
      i++;
    }
  }

  private int peekChar() {
    return peekCharAt(i);
  }

  private int peekCharAt(int j) {
    return j < text.length() ? text.charAt(j) : -1;
  }

  private static Cql2Exception unexpected(int pos, int c) {
    return Cql2Exception.at(pos, "error.cql2-unexpected-character", String.format("U+%04X", c));
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** The ABNF's {@code whitespace}. */
  static boolean isWhitespace(int c) {
    return switch (c) {
      case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
      default -> c >= 0x2000 && c <= 0x200A;
    };
  }

  /** The ABNF's {@code identifierStart}. */
  static boolean isIdentifierStart(int c) {
    return c == ':' || c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
        || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFE) || (c >= 0x200C && c <= 0x200D)
        || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
        || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
  }

  /** The ABNF's {@code identifierPart}. */
  static boolean isIdentifierPart(int c) {
    return isIdentifierStart(c) || c == '.' || isDigit(c) || (c >= 0x300 && c <= 0x36F) || c == 0x203F
        || c == 0x2040;
  }

  /**
   * A character a string literal may hold: the ABNF's {@code alpha}, {@code digit} and {@code whitespace}
   * (the quote is handled by the caller). Refused: NUL and the other C0 controls but BEL, BS, TAB, LF, VT, FF,
   * CR; unpaired surrogates; U+FFFE/U+FFFF.
   */
  static boolean isStringCharacter(int c) {
    if (c < 0x20) {
      return c == 0x07 || c == 0x08 || (c >= 0x09 && c <= 0x0D);
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      return false; // unpaired surrogate (a pair arrives as one code point)
    }
    return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
  }

  static String asciiUpper(String s) {
    StringBuilder b = null;
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      if (ch >= 'a' && ch <= 'z') {
        if (b == null) {
          b = new StringBuilder(s);
        }
        b.setCharAt(k, (char) (ch - 32));
      }
    }
    return b == null ? s : b.toString();
  }

  /** Case-insensitive for ASCII letters only ({@link String#equalsIgnoreCase} would fold {@code ı} to I). */
  static boolean asciiEqualsIgnoreCase(String s, String upperKeyword) {
    if (s.length() != upperKeyword.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char a = s.charAt(k);
      if (a >= 'a' && a <= 'z') {
        a = (char) (a - 32);
      }
      if (a != upperKeyword.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}

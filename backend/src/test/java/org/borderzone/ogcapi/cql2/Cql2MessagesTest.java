package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every message code the CQL2 package throws is in messages.properties and formats with its arguments. */
class Cql2MessagesTest {

  @Test
  void everyCodeHasAnEnglishText() throws IOException {
    Properties messages = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
      messages.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Set<String> codes = new TreeSet<>();
    Pattern code = Pattern.compile("\"(error\\.(?:cql2|limit-filter)-[a-z-]+)\"");
    try (Stream<Path> files = Files.list(Path.of("src/main/java/org/borderzone/ogcapi/cql2"))) {
      for (Path f : files.toList()) {
        Matcher m = code.matcher(Files.readString(f));
        while (m.find()) {
          codes.add(m.group(1));
        }
      }
    }
    assertThat(codes).hasSizeGreaterThan(30);
    for (String c : codes) {
      String text = messages.getProperty(c);
      assertThat(text).as(c).isNotNull();
      String formatted = new MessageFormat(text, Locale.ENGLISH).format(new Object[] {"12", "x", "y"});
      assertThat(formatted).as(c).doesNotContain("{").doesNotContain("}");
      if (text.contains("''")) {
        assertThat(formatted).as(c).doesNotContain("''");
      }
    }
  }
}

package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Masking by construction (issue 12, docs/EXCHANGE.md "Releases"): every SQL constant of a {@code *Sql} class that
 * reads incidents with {@link Releasability#PREDICATE} and selects a field a release may withhold (description,
 * source, created_by, the V18 location detail) reads the rows from {@link Releasability#SEEN}, where the withheld
 * values are already null. Locking statements ({@code for update}) are exempt: they serve writes, which check
 * ownership before anything is shown. A new read path that forgets the rule fails here, before any leak test.
 */
class ReleaseMaskingTest {

  private static final Pattern SENSITIVE = Pattern.compile(
      "\\bi\\.(description|source|created_by|location_accuracy_m|location_source|fix_time|device_time)\\b");

  @Test
  void everyStatementThatShowsWithholdableFieldsReadsTheMaskedSource() throws Exception {
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    for (Class<?> c : sqlClasses()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
          continue;
        }
        f.setAccessible(true);
        String sql = (String) f.get(null);
        // statements only (a fragment such as a shared where clause is checked in the statements that use it)
        if (sql == null || !sql.contains(Releasability.PREDICATE) || sql.contains("for update")
            || !(sql.strip().startsWith("select") || sql.strip().startsWith("with"))) {
          continue;
        }
        checked++;
        if (SENSITIVE.matcher(sql).find() && !sql.contains(Releasability.SEEN)) {
          offenders.add(c.getSimpleName() + "." + f.getName());
        }
      }
    }
    assertThat(checked).as("statements with the releasability predicate were found").isGreaterThan(10);
    assertThat(offenders).as("statements showing withholdable fields without Releasability.SEEN").isEmpty();
  }

  @Test
  void theMaskedSourceNullsEveryWithholdableFieldAndKeepsTheColumnNames() {
    for (String col : List.of("description", "source", "created_by", "location_accuracy_m", "location_source",
        "fix_time", "device_time")) {
      assertThat(Releasability.SEEN).containsPattern("then null else i\\." + col + " end\\s+as " + col + "\\b");
    }
    assertThat(Releasability.WITHHELD_FIELDS).containsExactly("description", "source", "reporter", "photos",
        "location_detail");
  }

  private static List<Class<?>> sqlClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("src/main/java");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(x -> x.getFileName().toString().endsWith("Sql.java")).toList()) {
        String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "");
        out.add(Class.forName(name));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}

package org.borderzone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** Package-by-feature boundaries (STYLE.md): no cycles, thin public surface, shared seams only. */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.borderzone");

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("org.borderzone.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void controllersArePackagePrivate() {
    classes().that().areAnnotatedWith(RestController.class)
        .should().notHaveModifier(JavaModifier.PUBLIC)
        .check(CLASSES);
  }

  /** Controllers translate HTTP; the queries behind them live in services or query classes with their *Sql. */
  @Test
  void controllersDoNotTouchTheDatabase() {
    noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
        .should().dependOnClassesThat().areAssignableTo(JdbcClient.class)
        .orShould().dependOnClassesThat().areAssignableTo(JdbcTemplate.class)
        .orShould().dependOnClassesThat().areAssignableTo(javax.sql.DataSource.class)
        .check(CLASSES);
  }

  @Test
  void nothingDependsOnTheDemoData() {
    noClasses().that().resideOutsideOfPackage("org.borderzone.demo..")
        .should().dependOnClassesThat().resideInAPackage("org.borderzone.demo..")
        .check(CLASSES);
  }

  @Test
  void sharedSeamsDoNotDependOnFeatures() {
    noClasses().that().resideInAnyPackage("org.borderzone.system..", "org.borderzone.geo..", "org.borderzone.audit..")
        .should().dependOnClassesThat().resideInAnyPackage("org.borderzone.segments..", "org.borderzone.pillars..",
            "org.borderzone.inspections..", "org.borderzone.incidents..", "org.borderzone.hotspots..",
            "org.borderzone.patrol..", "org.borderzone.progress..", "org.borderzone.demo..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  /**
   * Demo data is seeded in one explicit sequence (demo.DemoOrchestrator, the only ordered start-up runner), not
   * by {@code @Order} numbers spread over the features: the other runners must not depend on each other's order.
   */
  @Test
  void demoSeedingHasOneOrchestrator() {
    classes().that().implement(ApplicationRunner.class).and().doNotHaveSimpleName("DemoOrchestrator")
        .should().notBeAnnotatedWith(Order.class)
        .check(CLASSES);
    noClasses().that().haveSimpleNameStartingWith("Demo").and().doNotHaveSimpleName("DemoOrchestrator")
        .should().implement(ApplicationRunner.class)
        .check(CLASSES);
  }

  /** A Java string literal that opens a JSON object or array with a member name: {@code "{\"} or {@code "[{\"}. */
  private static final Pattern HAND_WRITTEN_JSON = Pattern.compile("\"\\[?\\{\\\\\"");

  /**
   * JSON is written one way: PostgreSQL/PostGIS builds documents from rows ({@code json_build_object},
   * {@code ST_AsGeoJSON}), Jackson writes computed values; never concatenated by hand in Java (escaping and
   * number formats go wrong there). SQL text in {@code *Sql} classes is exempt (it builds JSON in the database).
   */
  @Test
  void jsonIsNotConcatenatedByHand() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offenders = files.filter(f -> f.toString().endsWith(".java") && !f.toString().endsWith("Sql.java"))
          .flatMap(f -> {
            try {
              List<String> lines = Files.readAllLines(f);
              return java.util.stream.IntStream.range(0, lines.size())
                  .filter(i -> HAND_WRITTEN_JSON.matcher(lines.get(i)).find())
                  .mapToObj(i -> f + ":" + (i + 1) + ": " + lines.get(i).strip());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
    assertThat(offenders).isEmpty();
  }

  /** A string literal or text block whose text starts with an SQL statement. */
  private static final Pattern SQL_LITERAL = Pattern.compile(
      "\"(\"\"\\s*\\n\\s*)?(select|insert|update|delete|with|create|drop|alter|analyze|truncate|lock|copy|set local|values)\\s");

  /**
   * SQL text lives in each feature's {@code *Sql} class, so a feature's statements can be read (and reviewed) in
   * one place. Fragments that are not statements may live with the rule they state (e.g.
   * {@code Releasability.PREDICATE}, {@code PlanService.VISIBLE}); the statements that carry them are in a
   * {@code *Sql} class.
   */
  @Test
  void sqlTextLivesInSqlClasses() throws IOException {
    Path root = Path.of("src/main/java/org/borderzone");
    Set<String> withSql = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java") && !f.toString().endsWith("Sql.java")).toList()) {
        if (SQL_LITERAL.matcher(Files.readString(f)).find()) {
          withSql.add(root.relativize(f).toString().replace('\\', '/'));
        }
      }
    }
    assertThat(withSql).as("classes with SQL text outside a *Sql class").isEmpty();
  }
}
